import Foundation
import PortalDomain
import Testing

@testable import PortalServer

/// `portal reset-two-factor`, in-process through `PortalMain.run`.
@Suite struct ResetTwoFactorCommandTests {
    @Test func clearsTheSecondFactorOfTheNamedAccount() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-2fa-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(PortalMain.run(["create-owner", "--email", "boss@owner.example", "--data-dir", root]) == 0)
        let portal = try Portal.open(dataDirectory: DataDirectory(path: root))
        let user = try #require(try portal.users.user(email: "boss@owner.example"))
        // Nothing to reset yet: refused, and the usage errors come first.
        #expect(PortalMain.run(["reset-two-factor", "--email", user.email, "--reason", "lost phone", "--data-dir", root]) == 1)
        try portal.users.setTOTP(userID: user.id, secret: TOTPSecret.generate(), enabled: true, by: .system("test"))
        #expect(PortalMain.run(["reset-two-factor", "--email", user.email, "--data-dir", root]) == 2)
        #expect(PortalMain.run(["reset-two-factor", "--reason", "lost phone", "--data-dir", root]) == 2)
        let nobody = ["reset-two-factor", "--email", "nobody@owner.example", "--reason", "x", "--data-dir", root]
        #expect(PortalMain.run(nobody) == 1)
        #expect(try portal.users.user(user.id)?.totpEnabled == true)

        let reset = ["reset-two-factor", "--email", "BOSS@owner.example", "--reason", "lost phone", "--data-dir", root]
        #expect(PortalMain.run(reset) == 0)
        #expect(try portal.users.user(user.id)?.totpEnabled == false)
        #expect(try portal.users.totpSecret(userID: user.id) == nil)
        let entry = try #require(try portal.audit.page(AuditFilter(action: "auth.totp_reset"), by: .system("test")).entries.first)
        #expect(entry.actorRole == "system" && entry.note == "lost phone" && entry.targetID == user.id)
        #expect(PortalMain.run(["reset-two-factor", "--help"]) == 0)
        #expect(PortalMain.overview.contains("reset-two-factor"))
    }
}
