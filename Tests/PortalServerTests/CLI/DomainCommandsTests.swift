import Foundation
import PortalDomain
import Testing

@testable import PortalServer

/// The domain's CLI commands, run in-process through `PortalMain.run`.
@Suite struct DomainCommandsTests {
    private func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("portal-cli-\(UUID().uuidString)").path
    }

    @Test func migrateBackupRestoreAndVerify() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data"
        #expect(PortalMain.run(["migrate", "--data-dir", data]) == 0)
        #expect(PortalMain.run(["migrate", "--data-dir", data]) == 0)
        #expect(FileManager.default.fileExists(atPath: data + "/portal.sqlite"))
        #expect(PortalMain.run(["verify-audit", "--data-dir", data]) == 0)
        #expect(PortalMain.run(["backup", root + "/b.sqlite", "--data-dir", data]) == 0)
        #expect(PortalMain.run(["backup", root + "/b.sqlite", "--data-dir", data]) == 1)
        #expect(PortalMain.run(["backup", "--data-dir", data]) == 2)
        do {
            let lock = try DataDirectoryLock.acquire(DataDirectory(path: data))
            #expect(PortalMain.run(["restore", root + "/b.sqlite", "--data-dir", data]) == 1)
            withExtendedLifetime(lock) {}
        }
        #expect(PortalMain.run(["restore", root + "/b.sqlite", "--data-dir", data]) == 0)
        #expect(PortalMain.run(["restore", root + "/missing.sqlite", "--data-dir", data]) == 1)
    }

    @Test func verifyAuditFailsOnATamperedChain() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let portal = try Portal.open(dataDirectory: DataDirectory(path: root))
        for key in ["a", "b", "c"] {
            _ = try portal.features.define(key: key, name: key, description: "", by: .system("test"))
        }
        try portal.database.write { tx in
            try tx.execute("DROP TRIGGER audit_entries_no_update")
            try tx.run("UPDATE audit_entries SET action = 'feature.deleted' WHERE id = 2")
        }
        #expect(PortalMain.run(["verify-audit", "--data-dir", root]) == 1)
    }

    @Test func seedDemoRefusesForeignDataAndPrintsAccountsOnlyForDemoDatabases() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let portal = try Portal.open(dataDirectory: DataDirectory(path: root))
        _ = try portal.users.createStaff(
            email: "real@owner.example", displayName: "Real", role: .ownerAdmin, password: "a real password",
            hasher: PasswordHasher(logN: 10, r: 8, p: 1), by: .system("test"))
        #expect(PortalMain.run(["seed-demo", "--data-dir", root]) == 1)
        #expect(PortalMain.run(["seed-demo", "--print-accounts", "--data-dir", root]) == 1)
        #expect(PortalMain.run(["seed-demo", "--seed", "x", "--data-dir", root]) == 2)
    }

    @Test func everyDomainCommandIsRegisteredWithHelp() {
        let names = Set(PortalMain.commands.map { $0.name })
        for name in ["migrate", "seed-demo", "backup", "restore", "verify-audit", "bench-domain", "debug-write-stream"] {
            #expect(names.contains(name))
            #expect(PortalMain.run([name, "--help"]) == 0)
        }
    }
}
