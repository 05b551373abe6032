/// A string-keyed dictionary of template values, tuned for lookups by precompiled keys.
///
/// Entries keep insertion order (a later duplicate key replaces the earlier value). Each key's
/// hash is computed once when the dictionary is built; small dictionaries are scanned comparing
/// hashes, larger ones get an open-addressing index. Mutation rebuilds the dictionary: build
/// contexts once, then render them.
public struct TemplateDictionary: Sendable {
    /// One key with its precomputed hash and value.
    struct Entry: Sendable {
        let hash: UInt64
        let key: String
        let value: TemplateValue
    }

    /// The entries in insertion order (one array: copying a dictionary is one retain).
    let storage: [Entry]
    /// Slot table (entry index + 1, 0 = empty) for dictionaries above `linearLimit` entries.
    let index: [Int32]

    /// Up to this many entries a linear scan of the hashes beats the index.
    static let linearLimit = 12

    /// An empty dictionary.
    public init() {
        storage = []
        index = []
    }

    /// Builds a dictionary from key-value pairs; a later duplicate key replaces the earlier value.
    public init(_ pairs: some Sequence<(String, TemplateValue)>) {
        var entries: [Entry] = []
        var positions: [String: Int] = [:]
        for (key, value) in pairs {
            let entry = Entry(hash: TemplateKey.hash(key), key: key, value: value)
            if let position = positions[key] {
                entries[position] = entry
            } else {
                positions[key] = entries.count
                entries.append(entry)
            }
        }
        storage = entries
        index = Self.makeIndex(entries)
    }

    private static func makeIndex(_ entries: [Entry]) -> [Int32] {
        guard entries.count > linearLimit else { return [] }
        var size = 16
        while size < entries.count * 2 { size <<= 1 }
        var index = [Int32](repeating: 0, count: size)
        for (position, entry) in entries.enumerated() {
            var slot = Int(entry.hash & UInt64(size - 1))
            while index[slot] != 0 { slot = (slot + 1) & (size - 1) }
            index[slot] = Int32(position + 1)
        }
        return index
    }

    /// Builds a dictionary from a Swift dictionary (entries in the dictionary's order).
    public init(_ dictionary: [String: TemplateValue]) {
        self.init(dictionary.lazy.map { ($0.key, $0.value) })
    }

    /// The number of entries.
    public var count: Int { storage.count }

    /// The keys in insertion order.
    public var keys: [String] { storage.map(\.key) }

    /// The entries in insertion order.
    public var entries: [(key: String, value: TemplateValue)] {
        storage.map { (key: $0.key, value: $0.value) }
    }

    /// The value for `key`; setting rebuilds the dictionary (nil removes the entry).
    public subscript(key: String) -> TemplateValue? {
        get { value(for: TemplateKey(key)) }
        set {
            var pairs = storage.map { ($0.key, $0.value) }
            if let position = pairs.firstIndex(where: { $0.0 == key }) {
                if let newValue { pairs[position].1 = newValue } else { pairs.remove(at: position) }
            } else if let newValue {
                pairs.append((key, newValue))
            }
            self = TemplateDictionary(pairs)
        }
    }

    /// Looks up a precompiled key: hash comparison first, string comparison to confirm.
    @inline(__always)
    func value(for key: TemplateKey) -> TemplateValue? {
        storage.withUnsafeBufferPointer { entries -> TemplateValue? in
            if index.isEmpty {
                for position in 0..<entries.count where entries[position].hash == key.hash {
                    if entries[position].key == key.name { return entries[position].value }
                }
                return nil
            }
            return index.withUnsafeBufferPointer { index -> TemplateValue? in
                let mask = index.count - 1
                var slot = Int(key.hash & UInt64(mask))
                while true {
                    let position = Int(index[slot]) - 1
                    if position < 0 { return nil }
                    if entries[position].hash == key.hash, entries[position].key == key.name {
                        return entries[position].value
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }
}

extension TemplateDictionary: ExpressibleByDictionaryLiteral {
    /// `["name": "Acme", "clients": 48]`.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(elements)
    }
}
