import Testing

@testable import PortalDomain

@Suite struct CryptoTests {
    @Test func sha256OfABC() {
        #expect(
            ByteEncoding.hex(Crypto.sha256("abc"))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// RFC 4231 test case 2.
    @Test func hmacSHA256() {
        let mac = Crypto.hmac(.sha256, key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        #expect(ByteEncoding.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// RFC 7914 §12, second vector (N = 1024, r = 8, p = 16).
    @Test func scryptVector() throws {
        let key = try Crypto.scrypt(
            password: Array("password".utf8), salt: Array("NaCl".utf8), n: 1024, r: 8, p: 16, length: 64)
        #expect(
            ByteEncoding.hex(key)
                == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
        )
    }

    /// RFC 7914 §11 PBKDF2-HMAC-SHA256 vector (c = 1).
    @Test func pbkdf2Vector() throws {
        let key = try Crypto.pbkdf2SHA256(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, length: 64)
        #expect(ByteEncoding.hex(key).hasPrefix("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"))
    }

    @Test func gcmRoundTripAndTamper() throws {
        let key = Crypto.randomBytes(32)
        let sealed = try Crypto.aesGCMSeal(key: key, plaintext: Array("secret".utf8), aad: [1, 2])
        #expect(try Crypto.aesGCMOpen(key: key, sealed: sealed, aad: [1, 2]) == Array("secret".utf8))
        var tampered = sealed
        tampered[14] ^= 1
        #expect(throws: CryptoError.self) { try Crypto.aesGCMOpen(key: key, sealed: tampered, aad: [1, 2]) }
        #expect(throws: CryptoError.self) { try Crypto.aesGCMOpen(key: key, sealed: sealed, aad: [1, 3]) }
    }

    @Test func encodingsRoundTrip() {
        for n in 0..<40 {
            let bytes = Crypto.randomBytes(n)
            #expect(ByteEncoding.fromHex(ByteEncoding.hex(bytes)) == bytes)
            #expect(ByteEncoding.fromBase32(ByteEncoding.base32(bytes)) == bytes)
            #expect(ByteEncoding.fromBase64URL(ByteEncoding.base64URL(bytes)) == bytes)
        }
        #expect(ByteEncoding.base32(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(ByteEncoding.base64URL([0xfb, 0xff]) == "-_8")
    }

    @Test func constantTimeEquals() {
        #expect(Crypto.constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!Crypto.constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!Crypto.constantTimeEquals([1, 2], [1, 2, 3]))
    }
}
