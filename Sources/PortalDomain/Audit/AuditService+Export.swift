extension AuditService {
    /// The CSV header row.
    public static let csvHeader =
        "id,time_utc,actor_id,actor,actor_role,impersonator_id,impersonator,tenant_id,tenant,action,target_type,target_id,changes,note,request_id,ip,hash\r\n"

    /// Streams the entries matching `filter` (newest first) as CSV (RFC 4180, CRLF), handing `write`
    /// chunks of about `chunkSize` bytes: the first holds the header. Names come from the scrubbable
    /// lookup at export time. Cells that a spreadsheet would run as a formula are prefixed with `'`.
    /// Reads in pages of 500 on a reader connection, so the writer is never held up.
    public func exportCSV(
        _ filter: AuditFilter, chunkSize: Int = 64 * 1_024, by actor: ActingUser, write: (String) throws -> Void
    ) throws {
        try actor.require(.readAudit)
        var buffer = AuditService.csvHeader
        var before: Int64?
        repeat {
            let page = try context.read { db, _ in try AuditService.page(db, filter, before: before, limit: 500) }
            for entry in page.entries {
                buffer += AuditService.csvLine(entry, names: page.names)
                if buffer.utf8.count >= chunkSize {
                    try write(buffer)
                    buffer = ""
                }
            }
            before = page.nextBefore
        } while before != nil
        if !buffer.isEmpty { try write(buffer) }
    }

    /// One entry as a CSV line (CRLF-terminated), names from `names`.
    static func csvLine(_ entry: AuditEntry, names: AuditNames) -> String {
        let time = LocalDateTime(localSeconds: entry.createdAt)
        let clock = String(format2(time.hour)) + ":" + format2(time.minute) + ":" + format2(Int(entry.createdAt % 60 + 60) % 60)
        let cells: [String?] = [
            String(entry.id), "\(time.isoDate)T\(clock)Z", entry.actorUserID.map { String($0) },
            entry.actorUserID.map { names.user($0) ?? "" } ?? "system", entry.actorRole,
            entry.impersonatorUserID.map { String($0) }, names.user(entry.impersonatorUserID), entry.tenantID.map { String($0) },
            names.tenant(entry.tenantID), entry.action, entry.targetType, entry.targetID.map { String($0) },
            (entry.changes.map(\.summary) + entry.facts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
                .joined(separator: "; "),
            entry.note, entry.requestID, entry.ip, entry.hash,
        ]
        return cells.map { csvCell($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    private static func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// One RFC 4180 cell, defused against spreadsheet formula injection.
    static func csvCell(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }
}
