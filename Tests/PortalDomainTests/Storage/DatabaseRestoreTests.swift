import Foundation
import Testing

@testable import PortalDomain

@Suite struct DatabaseRestoreTests {
    private func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("portal-restore-\(UUID().uuidString)").path
    }

    @Test func backupAndRestoreRoundTrip() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = DataDirectory(path: root + "/data")
        let backupPath = root + "/backup.sqlite"
        let system = ActingUser.system("test")
        do {
            let portal = try Portal.open(dataDirectory: directory)
            _ = try portal.features.define(key: "before_backup", name: "Before", description: "", by: system)
            try DatabaseRestore.backup(portal.database, to: backupPath)
            #expect(throws: DomainError.self) { try DatabaseRestore.backup(portal.database, to: backupPath) }
            _ = try portal.features.define(key: "after_backup", name: "After", description: "", by: system)
        }
        let info = try DatabaseRestore.inspect(backupPath)
        #expect(info.integrityOK)
        #expect(info.level == Migrator.currentLevel)
        try DatabaseRestore.restore(from: backupPath, into: directory, now: 1_000)
        let restored = try Portal.open(dataDirectory: directory)
        let keys = try restored.features.catalogue().map(\.key)
        #expect(keys == ["before_backup"])
        #expect(try restored.audit.verifyChain().isIntact)
        // The replaced database was kept aside.
        #expect(FileManager.default.fileExists(atPath: directory.databasePath + ".before-restore-1000"))
        let mode = try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o700)
    }

    @Test func restoreIsRefusedWhileTheDataDirectoryIsLocked() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = DataDirectory(path: root + "/data")
        let portal = try Portal.open(dataDirectory: directory)
        try DatabaseRestore.backup(portal.database, to: root + "/b.sqlite")
        let lock = try DataDirectoryLock.acquire(directory)
        #expect(DataDirectoryLock.isHeld(directory))
        #expect(throws: DomainError.self) { try DatabaseRestore.restore(from: root + "/b.sqlite", into: directory, now: 1) }
        withExtendedLifetime(lock) {}
    }

    @Test func restoreRefusesFilesThatAreNotPortalDatabases() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let directory = DataDirectory(path: root + "/data")
        _ = FileManager.default.createFile(atPath: root + "/junk.sqlite", contents: Data("not a database at all".utf8))
        #expect(throws: DomainError.self) { try DatabaseRestore.restore(from: root + "/junk.sqlite", into: directory, now: 1) }
        let other = try SQLiteConnection(path: root + "/other.sqlite")
        try other.execute("CREATE TABLE x (y INTEGER)")
        #expect(throws: DomainError.self) { try DatabaseRestore.restore(from: root + "/other.sqlite", into: directory, now: 1) }
        #expect(throws: DomainError.self) { try DatabaseRestore.restore(from: root + "/missing.sqlite", into: directory, now: 1) }
        #expect(!directory.hasDatabase)
    }

    @Test func restoreRefusesABackupSealedWithAnotherKey() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = DataDirectory(path: root + "/first")
        let portal = try Portal.open(dataDirectory: first)
        try DatabaseRestore.backup(portal.database, to: root + "/b.sqlite")
        let second = DataDirectory(path: root + "/second")
        _ = try Portal.open(dataDirectory: second)
        #expect(throws: DomainError.self) { try DatabaseRestore.restore(from: root + "/b.sqlite", into: second, now: 1) }
        try DatabaseRestore.restore(from: root + "/b.sqlite", into: second, allowKeyMismatch: true, now: 1)
    }

    @Test func secretKeyIsCreatedOnceWithMode0600() throws {
        let root = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = DataDirectory(path: root)
        try directory.create()
        let key = try directory.loadOrCreateSecretKey()
        #expect(key.count == 32)
        #expect(try directory.loadOrCreateSecretKey() == key)
        let mode = try FileManager.default.attributesOfItem(atPath: directory.secretKeyPath)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }
}
