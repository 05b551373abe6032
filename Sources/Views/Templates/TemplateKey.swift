/// One key of a dotted template name with its hash computed once, at compile time.
///
/// Dictionaries store the same hash per entry, so a lookup compares integers before it
/// compares strings, and never hashes a string while rendering.
struct TemplateKey: Sendable, Hashable {
    /// The key as written in the template.
    let name: String
    /// FNV-1a of the key's UTF-8 bytes.
    let hash: UInt64

    /// Makes a key, hashing `name` once.
    init(_ name: String) {
        self.name = name
        self.hash = Self.hash(name)
    }

    /// FNV-1a over UTF-8: cheap, stable across processes, good enough for short keys.
    static func hash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// A compiled variable or section name: `.` is the empty path, `a.b.c` three keys.
struct TemplatePath: Sendable, Hashable {
    /// The keys in order; empty for the implicit iterator `.`.
    let keys: [TemplateKey]

    /// Splits a dotted name; the caller has validated it (no empty segments).
    init(_ name: String) {
        keys = name == "." ? [] : name.split(separator: ".", omittingEmptySubsequences: false).map { TemplateKey(String($0)) }
    }
}
