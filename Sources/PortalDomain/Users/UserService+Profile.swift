import Foundation

/// A user's own settings as the account page shows them.
public struct UserProfile: Sendable, Equatable {
    /// The user.
    public let user: User
    /// The zone times are shown in: the user's choice, else the default below.
    public let timeZone: String
    /// The user's own choice, nil when they follow the default.
    public let timeZoneSetting: String?
    /// UTC for owner staff, the tenant's zone for tenant users.
    public let defaultTimeZone: String
}

extension UserService {
    /// The user's profile (the user themself, or staff who read the platform).
    public func profile(userID: Int64, by actor: ActingUser) throws -> UserProfile {
        guard actor.userID == userID || actor.role.can(.readPlatform) else { throw DomainError.notFound("user \(userID)") }
        return try context.read { db, _ in try UserService.profile(db, userID: userID) }
    }

    /// Changes the user's display name and time zone (`nil` or empty: follow the default). Audited
    /// `user.profile_updated` (the name as personal data, the zone with its values).
    @discardableResult
    public func updateProfile(userID: Int64, displayName: String, timeZone: String?, by actor: ActingUser) throws
        -> UserProfile
    {
        guard actor.userID == userID else { throw DomainError.notPermitted("only the user edits their profile") }
        var v = Validator()
        let name = v.text("display_name", displayName, label: "Name", max: 120)
        let zone = timeZone.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap {
            $0.isEmpty ? nil : v.timeZone("time_zone", $0)
        }
        try v.finish()
        return try context.write { tx, now in
            let before = try UserService.profile(tx, userID: userID)
            guard before.user.displayName != name || before.timeZoneSetting != zone else { return before }
            try tx.run("UPDATE users SET display_name = ?, time_zone = ? WHERE id = ?", [name, zone, userID])
            var record = AuditRecord(
                action: "user.profile_updated", tenantID: before.user.tenantID, targetType: "user", targetID: userID)
            record.personal("display_name", before.user.displayName, name)
            record.change("time_zone", before.timeZoneSetting ?? "default", zone ?? "default")
            try AuditWriter.append(tx, record, actor: actor, at: now)
            return try UserService.profile(tx, userID: userID)
        }
    }

    /// The profile on the caller's connection.
    static func profile(_ db: SQLiteConnection, userID: Int64) throws -> UserProfile {
        guard
            let row = try db.row(
                """
                SELECT \(UserStore.columns), time_zone,
                    coalesce((SELECT t.time_zone FROM tenants t WHERE t.id = users.tenant_id), 'UTC')
                FROM users WHERE id = ?
                """, [userID])
        else { throw DomainError.notFound("user \(userID)") }
        let user = UserStore.user(row)
        let setting = row.optionalString(11)
        let fallback = user.role.isOwnerStaff ? "UTC" : row.string(12)
        return UserProfile(user: user, timeZone: setting ?? fallback, timeZoneSetting: setting, defaultTimeZone: fallback)
    }
}
