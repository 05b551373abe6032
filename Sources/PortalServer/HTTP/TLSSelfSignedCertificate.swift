internal import COpenSSL

/// A freshly generated self-signed ECDSA P-256 certificate and key, made with the OpenSSL API.
struct TLSSelfSignedCertificate: Sendable {
    /// The certificate, PEM.
    let certificatePEM: String
    /// The PKCS#8 private key, PEM (unencrypted: store it mode 0600).
    let privateKeyPEM: String
    /// Its details, including the SHA-256 fingerprint users compare in the browser.
    let info: TLSCertificateInfo

    /// Generates a certificate for `commonName` with DNS and IP subject alternative names, valid `days`
    /// (825 by default, the longest browsers accept for a leaf).
    static func generate(
        commonName: String = "localhost", dnsNames: [String] = ["localhost"], ipAddresses: [String] = ["127.0.0.1"],
        days: Int = 825
    ) throws(TLSError) -> TLSSelfSignedCertificate {
        ERR_clear_error()
        guard let key = portal_EVP_EC_gen("P-256") else { throw TLSError.capture("generate P-256 key") }
        defer { EVP_PKEY_free(key) }
        guard let x509 = X509_new() else { throw TLSError.capture("X509_new") }
        defer { X509_free(x509) }
        var serial = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&serial, 16) == 1 else { throw TLSError.capture("RAND_bytes") }
        serial[0] &= 0x7F
        guard let bignum = BN_bin2bn(serial, 16, nil) else { throw TLSError.capture("BN_bin2bn") }
        defer { BN_free(bignum) }
        guard X509_set_version(x509, 2) == 1,
            BN_to_ASN1_INTEGER(bignum, X509_get_serialNumber(x509)) != nil,
            X509_gmtime_adj(X509_getm_notBefore(x509), -300) != nil,
            X509_time_adj_ex(X509_getm_notAfter(x509), Int32(days), 0, nil) != nil,
            X509_set_pubkey(x509, key) == 1,
            let name = X509_get_subject_name(x509),
            X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1,
            X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, "Owner Portal (self-signed)", -1, -1, 0) == 1,
            X509_set_issuer_name(x509, name) == 1
        else { throw TLSError.capture("build certificate") }
        let altNames = (dnsNames.map { "DNS:\($0)" } + ipAddresses.map { "IP:\($0)" }).joined(separator: ",")
        for (nid, value) in [
            (NID_subject_alt_name, altNames), (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, "critical,digitalSignature"), (NID_ext_key_usage, "serverAuth"),
        ] {
            var v3 = X509V3_CTX()
            X509V3_set_ctx(&v3, x509, x509, nil, nil, 0)
            guard let ext = X509V3_EXT_conf_nid(nil, &v3, nid, value) else { throw TLSError.capture("extension \(value)") }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(x509, ext, -1) == 1 else { throw TLSError.capture("add extension \(value)") }
        }
        guard X509_sign(x509, key, EVP_sha256()) > 0 else { throw TLSError.capture("sign certificate") }
        let certificatePEM = try pem { bio in PEM_write_bio_X509(bio, x509) }
        let keyPEM = try pem { bio in PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) }
        return TLSSelfSignedCertificate(
            certificatePEM: certificatePEM, privateKeyPEM: keyPEM, info: try TLSCertificateInfo.info(x509))
    }

    private static func pem(_ write: (OpaquePointer) -> Int32) throws(TLSError) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw TLSError.capture("BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw TLSError.capture("write PEM") }
        var data: UnsafeMutablePointer<CChar>?
        let length = portal_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { throw TLSError.capture("read PEM") }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }
}
