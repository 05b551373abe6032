import Foundation
import PortalDomain
import Testing

@testable import PortalServer

/// `portal create-owner`, in-process through `PortalMain.run`.
@Suite struct CreateOwnerCommandTests {
    @Test func createsAnOwnerAdminWhoMustChangeThePasswordAndEnrol() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-owner-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(PortalMain.run(["create-owner", "--email", "boss@owner.example", "--name", "Bea Boss", "--data-dir", root]) == 0)
        let portal = try Portal.open(dataDirectory: DataDirectory(path: root))
        let user = try #require(try portal.users.user(email: "boss@owner.example"))
        #expect(user.role == .ownerAdmin)
        #expect(user.displayName == "Bea Boss")
        #expect(user.mustChangePassword)
        #expect(!user.totpEnabled)
        #expect(try portal.users.credentials(email: user.email)?.passwordHash?.hasPrefix("$scrypt$ln=15,") == true)
        let entry = try #require(try portal.audit.page(AuditFilter(action: "user.created"), by: .system("test")).entries.first)
        #expect(entry.actorRole == "system")
        // The same address again is refused; a missing --email is a usage error.
        #expect(PortalMain.run(["create-owner", "--email", "BOSS@owner.example", "--data-dir", root]) == 1)
        #expect(PortalMain.run(["create-owner", "--data-dir", root]) == 2)
        #expect(PortalMain.run(["create-owner", "--email", "not-an-address", "--data-dir", root]) == 1)
        #expect(PortalMain.run(["create-owner", "--help"]) == 0)
    }
}
