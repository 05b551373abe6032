internal import COpenSSL

extension Crypto {
    /// Size of the AES-256-GCM nonce this module writes.
    public static let gcmNonceLength = 12
    /// Size of the GCM authentication tag.
    public static let gcmTagLength = 16

    /// AES-256-GCM encryption of `plaintext` under a 32-byte `key`: returns nonce ‖ ciphertext ‖ tag.
    ///
    /// A fresh random 96-bit nonce is drawn for every call; `aad` is authenticated, not encrypted.
    public static func aesGCMSeal(key: [UInt8], plaintext: [UInt8], aad: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        precondition(key.count == 32, "AES-256-GCM needs a 32-byte key")
        let nonce = randomBytes(gcmNonceLength)
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError.capture("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var tag = [UInt8](repeating: 0, count: gcmTagLength)
        var length: Int32 = 0
        var total = 0
        guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(gcmNonceLength), nil) == 1,
            EVP_EncryptInit_ex(ctx, nil, nil, key, nonce) == 1
        else { throw CryptoError.capture("EVP_EncryptInit_ex") }
        if !aad.isEmpty {
            guard EVP_EncryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else {
                throw CryptoError.capture("EVP_EncryptUpdate(aad)")
            }
        }
        let updated = ciphertext.withUnsafeMutableBufferPointer { out in
            plaintext.withUnsafeBufferPointer { input in
                EVP_EncryptUpdate(ctx, out.baseAddress, &length, input.baseAddress, Int32(input.count))
            }
        }
        guard updated == 1 else { throw CryptoError.capture("EVP_EncryptUpdate") }
        total = Int(length)
        let finished = ciphertext.withUnsafeMutableBufferPointer { out in
            EVP_EncryptFinal_ex(ctx, out.baseAddress! + total, &length)
        }
        guard finished == 1 else { throw CryptoError.capture("EVP_EncryptFinal_ex") }
        total += Int(length)
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(gcmTagLength), &tag) == 1 else {
            throw CryptoError.capture("EVP_CTRL_GCM_GET_TAG")
        }
        return nonce + ciphertext.prefix(total) + tag
    }

    /// Opens what `aesGCMSeal` produced; throws when the key, the data or `aad` do not match.
    public static func aesGCMOpen(key: [UInt8], sealed: [UInt8], aad: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        precondition(key.count == 32, "AES-256-GCM needs a 32-byte key")
        guard sealed.count >= gcmNonceLength + gcmTagLength else {
            throw CryptoError(operation: "aesGCMOpen", details: ["sealed data too short"])
        }
        let nonce = Array(sealed.prefix(gcmNonceLength))
        var tag = Array(sealed.suffix(gcmTagLength))
        let body = Array(sealed[gcmNonceLength..<(sealed.count - gcmTagLength)])
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError.capture("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var plaintext = [UInt8](repeating: 0, count: body.count + 16)
        var length: Int32 = 0
        guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, Int32(gcmNonceLength), nil) == 1,
            EVP_DecryptInit_ex(ctx, nil, nil, key, nonce) == 1
        else { throw CryptoError.capture("EVP_DecryptInit_ex") }
        if !aad.isEmpty {
            guard EVP_DecryptUpdate(ctx, nil, &length, aad, Int32(aad.count)) == 1 else {
                throw CryptoError.capture("EVP_DecryptUpdate(aad)")
            }
        }
        let updated = plaintext.withUnsafeMutableBufferPointer { out in
            body.withUnsafeBufferPointer { input in
                EVP_DecryptUpdate(ctx, out.baseAddress, &length, input.baseAddress, Int32(input.count))
            }
        }
        guard updated == 1 else { throw CryptoError.capture("EVP_DecryptUpdate") }
        let total = Int(length)
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(gcmTagLength), &tag) == 1 else {
            throw CryptoError.capture("EVP_CTRL_GCM_SET_TAG")
        }
        let finished = plaintext.withUnsafeMutableBufferPointer { out in
            EVP_DecryptFinal_ex(ctx, out.baseAddress! + total, &length)
        }
        guard finished == 1 else {
            ERR_clear_error()
            throw CryptoError(operation: "aesGCMOpen", details: ["authentication failed"])
        }
        return Array(plaintext.prefix(total + Int(length)))
    }
}
