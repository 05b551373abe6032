internal import COpenSSL

#if canImport(Glibc)
    import Glibc
#endif

/// What the health page shows about the served certificate.
struct TLSCertificateInfo: Sendable, Hashable {
    /// The subject, one-line form (`/CN=localhost`).
    let subject: String
    /// The issuer, one-line form.
    let issuer: String
    /// Expiry as ISO 8601 UTC (`2029-02-23T11:00:00Z`).
    let notAfter: String
    /// Expiry in seconds since the epoch.
    let notAfterEpoch: Int
    /// SHA-256 of the DER certificate as colon-separated uppercase hex.
    let sha256Fingerprint: String

    /// Reads the first certificate of a PEM file.
    static func load(path: String) throws(TLSError) -> TLSCertificateInfo {
        ERR_clear_error()
        guard let bio = BIO_new_file(path, "r") else { throw TLSError.capture("open certificate \(path)") }
        defer { BIO_free(bio) }
        guard let x509 = PEM_read_bio_X509(bio, nil, nil, nil) else { throw TLSError.capture("read certificate \(path)") }
        defer { X509_free(x509) }
        return try info(x509)
    }

    /// The details of an `X509` (borrowed).
    static func info(_ x509: OpaquePointer) throws(TLSError) -> TLSCertificateInfo {
        func name(_ name: OpaquePointer?) -> String {
            guard let name, let text = X509_NAME_oneline(name, nil, 0) else { return "" }
            defer { CRYPTO_free(text, #file, #line) }
            return String(cString: text)
        }
        var parts = tm()
        guard let notAfter = X509_get0_notAfter(x509), ASN1_TIME_to_tm(notAfter, &parts) == 1 else {
            throw TLSError.capture("read certificate expiry")
        }
        let epoch = timegm(&parts)
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard X509_digest(x509, EVP_sha256(), &digest, &length) == 1 else { throw TLSError.capture("X509_digest") }
        let hex = digest.prefix(Int(length)).map { String($0, radix: 16, uppercase: true).leftPadded(to: 2) }
        return TLSCertificateInfo(
            subject: name(X509_get_subject_name(x509)), issuer: name(X509_get_issuer_name(x509)),
            notAfter: TLSCertificateInfo.iso8601(parts), notAfterEpoch: epoch,
            sha256Fingerprint: hex.joined(separator: ":"))
    }

    private static func iso8601(_ parts: tm) -> String {
        func two(_ value: Int32) -> String { String(value).leftPadded(to: 2) }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
