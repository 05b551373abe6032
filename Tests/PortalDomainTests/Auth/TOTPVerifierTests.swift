import Foundation
import Testing

@testable import PortalDomain

@Suite struct TOTPVerifierTests {
    /// RFC 6238 Appendix B's SHA-1 secret, "12345678901234567890", in base32.
    static let rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

    /// RFC 6238 Appendix B, SHA-1 column: (time, 8-digit TOTP).
    static let rfcVectors: [(Int64, String)] = [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ]

    @Test(arguments: rfcVectors) func rfc6238Vectors(time: Int64, expected: String) {
        let step = TOTPSecret.step(at: time)
        #expect(TOTPSecret.code(secret: TOTPVerifierTests.rfcSecret, step: step, digits: 8) == expected)
        // 6 digits are the same truncation modulo 10^6: the last six digits.
        let six = String(expected.suffix(6))
        #expect(TOTPSecret.code(secret: TOTPVerifierTests.rfcSecret, step: step) == six)
        #expect(TOTPVerifier.matchingStep(secret: TOTPVerifierTests.rfcSecret, code: six, at: time) == step)
    }

    @Test func acceptsOneStepEitherSideButNotTwo() throws {
        let secret = TOTPSecret.generate()
        let now: Int64 = 1_772_452_815
        let step = TOTPSecret.step(at: now)
        for offset in [-1, 0, 1] as [Int64] {
            let code = try #require(TOTPSecret.code(secret: secret, step: step + offset))
            #expect(TOTPVerifier.matchingStep(secret: secret, code: code, at: now) == step + offset)
        }
        for offset in [-2, 2] as [Int64] {
            let code = try #require(TOTPSecret.code(secret: secret, step: step + offset))
            let neighbours = (-1...1).compactMap { TOTPSecret.code(secret: secret, step: step + Int64($0)) }
            if !neighbours.contains(code) { #expect(TOTPVerifier.matchingStep(secret: secret, code: code, at: now) == nil) }
        }
    }

    @Test func rejectsMalformedCodes() {
        let secret = TOTPVerifierTests.rfcSecret
        for code in ["", "12345", "1234567", "12a456", "１２３４５６", "-12345"] {
            #expect(TOTPVerifier.matchingStep(secret: secret, code: code, at: 59) == nil)
        }
        #expect(TOTPVerifier.normalize(" 123 456 ") == "123456")
        #expect(TOTPVerifier.normalize("123-456") == "123456")
    }

    /// Codes computed by oathtool (`scripts/setup --test` installs it) from the same secrets.
    @Test(.enabled(if: TOTPVerifierTests.oathtool != nil)) func matchesOathtool() throws {
        let tool = try #require(TOTPVerifierTests.oathtool)
        let secrets = [TOTPVerifierTests.rfcSecret, TOTPSecret.generate(), TOTPSecret.generate()]
        let times: [Int64] = [59, 1_111_111_109, 1_772_452_800, 1_772_452_829, 1_772_452_830, 4_102_444_800]
        for secret in secrets {
            for time in times {
                let theirs = try TOTPVerifierTests.run(tool, ["--totp", "-b", secret, "-N", "@\(time)"])
                #expect(TOTPSecret.code(secret: secret, step: TOTPSecret.step(at: time)) == theirs, "secret \(secret) at \(time)")
                #expect(TOTPVerifier.matchingStep(secret: secret, code: theirs, at: time) == TOTPSecret.step(at: time))
            }
        }
        // And at the real current time (oathtool's default).
        let secret = TOTPSecret.generate()
        let before = Int64(Date().timeIntervalSince1970)
        let current = try TOTPVerifierTests.run(tool, ["--totp", "-b", secret])
        #expect(TOTPVerifier.matchingStep(secret: secret, code: current, at: before) != nil)
    }

    /// The path of oathtool, nil when it is not installed.
    static let oathtool: String? = ["/usr/bin/oathtool", "/usr/local/bin/oathtool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
