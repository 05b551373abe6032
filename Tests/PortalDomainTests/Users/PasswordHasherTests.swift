import Testing

@testable import PortalDomain

@Suite struct PasswordHasherTests {
    private let hasher = PasswordHasher(logN: 10, r: 8, p: 1)

    @Test func hashVerifiesAndCarriesItsParameters() throws {
        let stored = try hasher.hash("correct horse battery")
        #expect(stored.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(hasher.verify("correct horse battery", against: stored))
        #expect(!hasher.verify("correct horse batterY", against: stored))
        #expect(try hasher.hash("correct horse battery") != stored)
    }

    @Test func weakerParametersNeedARehash() throws {
        let stored = try hasher.hash("correct horse battery")
        #expect(PasswordHasher.standard.needsRehash(stored))
        #expect(!hasher.needsRehash(stored))
        // Verification uses the stored parameters, whatever the current policy.
        #expect(PasswordHasher.standard.verify("correct horse battery", against: stored))
    }

    @Test func standardPolicyIsScryptN32768() throws {
        #expect(PasswordHasher.standard.logN == 15 && PasswordHasher.standard.r == 8 && PasswordHasher.standard.p == 1)
    }

    @Test func pbkdf2HashesAreAcceptedForVerification() throws {
        let salt = Array("saltsaltsaltsalt".utf8)
        let key = try Crypto.pbkdf2SHA256(password: Array("pw-1234567890".utf8), salt: salt, iterations: 1_000, length: 32)
        let stored = "$pbkdf2-sha256$i=1000$\(ByteEncoding.base64URL(salt))$\(ByteEncoding.base64URL(key))"
        #expect(hasher.verify("pw-1234567890", against: stored))
        #expect(!hasher.verify("pw-1234567891", against: stored))
        #expect(hasher.needsRehash(stored))
    }

    @Test(arguments: ["", "plain", "$scrypt$ln=99,r=8,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAA", "$md5$x$y$z"])
    func malformedStoredStringsNeverMatch(_ stored: String) {
        #expect(!hasher.verify("anything", against: stored))
    }

    @Test func passwordPolicy() {
        #expect(PasswordHasher.problem(with: "short") != nil)
        #expect(PasswordHasher.problem(with: "          ") != nil)
        #expect(PasswordHasher.problem(with: String(repeating: "x", count: 1_025)) != nil)
        #expect(PasswordHasher.problem(with: "long enough pass") == nil)
    }
}

@Suite struct TOTPSecretTests {
    /// RFC 6238 Appendix B, SHA-1 rows (the 20-byte ASCII key "12345678901234567890"), 8 digits.
    @Test(arguments: [
        (Int64(59), "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ])
    func rfc6238Vectors(_ time: Int64, _ expected: String) {
        let secret = ByteEncoding.base32(Array("12345678901234567890".utf8))
        #expect(TOTPSecret.code(secret: secret, step: TOTPSecret.step(at: time), digits: 8) == expected)
    }

    @Test func generatedSecretsAre160BitBase32() {
        let secret = TOTPSecret.generate()
        #expect(ByteEncoding.fromBase32(secret)?.count == 20)
        #expect(secret != TOTPSecret.generate())
        #expect(TOTPSecret.code(secret: secret, step: 1)?.count == 6)
        #expect(TOTPSecret.code(secret: "not base32 !!", step: 1) == nil)
    }
}
