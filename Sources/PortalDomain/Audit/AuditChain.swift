/// The audit log's hash chain: `hash = SHA-256(prev_hash ‖ "|" ‖ canonical(entry))`, hex encoded.
///
/// The canonical form lists the stored fields in a fixed order, each as `<utf8 length>:<text>;` or
/// `~;` for NULL, so no two different entries serialize alike. It covers ids, roles, action, target,
/// request id, IP, the details JSON and the note's hash; never names or e-mails.
enum AuditChain {
    /// The `prev_hash` of the first entry.
    static let genesis = String(repeating: "0", count: 64)

    /// The stored fields of one entry, in canonical order.
    struct Fields {
        var id: Int64
        var createdAt: Int64
        var actorUserID: Int64?
        var actorRole: String
        var impersonatorUserID: Int64?
        var tenantID: Int64?
        var action: String
        var targetType: String?
        var targetID: Int64?
        var requestID: String?
        var ip: String?
        var details: String
        var noteHash: String?
    }

    /// The canonical bytes of `fields`.
    static func canonical(_ fields: Fields) -> [UInt8] {
        var out: [UInt8] = Array("audit-v1;".utf8)
        func add(_ text: String?) {
            guard let text else {
                out.append(contentsOf: Array("~;".utf8))
                return
            }
            let bytes = Array(text.utf8)
            out.append(contentsOf: Array("\(bytes.count):".utf8))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: ";"))
        }
        add(String(fields.id))
        add(String(fields.createdAt))
        add(fields.actorUserID.map { String($0) })
        add(fields.actorRole)
        add(fields.impersonatorUserID.map { String($0) })
        add(fields.tenantID.map { String($0) })
        add(fields.action)
        add(fields.targetType)
        add(fields.targetID.map { String($0) })
        add(fields.requestID)
        add(fields.ip)
        add(fields.details)
        add(fields.noteHash)
        return out
    }

    /// The hash of an entry following `previous`.
    static func hash(previous: String, _ fields: Fields) -> String {
        ByteEncoding.hex(Crypto.sha256(Array(previous.utf8) + [UInt8(ascii: "|")] + canonical(fields)))
    }

    /// The hash stored for a note's text.
    static func noteHash(_ text: String) -> String { ByteEncoding.hex(Crypto.sha256("audit-note:" + text)) }
}
