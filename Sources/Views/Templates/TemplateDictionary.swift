/// A string-keyed dictionary of template values, tuned for lookups by precompiled keys.
///
/// Entries keep insertion order (a later duplicate key replaces the earlier value). Each key's
/// hash is computed once when the dictionary is built; small dictionaries are scanned comparing
/// hashes, larger ones get an open-addressing index. The values sit in one allocation owned by an
/// immutable storage object, so the renderer can hold pointers to them for as long as the context
/// lives, and copying a dictionary is one retain. Mutation rebuilds the dictionary: build contexts
/// once, then render them.
public struct TemplateDictionary: Sendable {
    /// The entries, never mutated after `init`.
    final class Storage: @unchecked Sendable {
        let keys: [String]
        let hashes: [UInt64]
        /// Slot table (entry index + 1, 0 = empty) for dictionaries above `linearLimit` entries.
        let index: [Int32]
        /// The values, in the order of `keys`; this allocation lives exactly as long as the storage.
        let values: UnsafeMutableBufferPointer<TemplateValue>

        init(keys: [String], values: [TemplateValue]) {
            self.keys = keys
            hashes = keys.map(TemplateKey.hash)
            index = Storage.makeIndex(hashes)
            self.values = .allocate(capacity: values.count)
            _ = self.values.initialize(from: values)
        }

        deinit {
            values.deinitialize()
            values.deallocate()
        }

        private static func makeIndex(_ hashes: [UInt64]) -> [Int32] {
            guard hashes.count > linearLimit else { return [] }
            var size = 16
            while size < hashes.count * 2 { size <<= 1 }
            var index = [Int32](repeating: 0, count: size)
            for (position, hash) in hashes.enumerated() {
                var slot = Int(hash & UInt64(size - 1))
                while index[slot] != 0 { slot = (slot + 1) & (size - 1) }
                index[slot] = Int32(position + 1)
            }
            return index
        }

        /// The position of a precompiled key: hash comparison first, string comparison to confirm.
        @inline(__always)
        func position(of key: TemplateKey) -> Int? {
            hashes.withUnsafeBufferPointer { hashes -> Int? in
                if index.isEmpty {
                    for position in 0..<hashes.count where hashes[position] == key.hash {
                        if keys[position] == key.name { return position }
                    }
                    return nil
                }
                return index.withUnsafeBufferPointer { index -> Int? in
                    let mask = index.count - 1
                    var slot = Int(key.hash & UInt64(mask))
                    while true {
                        let position = Int(index[slot]) - 1
                        if position < 0 { return nil }
                        if hashes[position] == key.hash, keys[position] == key.name { return position }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    let storage: Storage

    /// Up to this many entries a linear scan of the hashes beats the index.
    static let linearLimit = 12

    /// An empty dictionary.
    public init() {
        storage = Storage(keys: [], values: [])
    }

    /// Builds a dictionary from key-value pairs; a later duplicate key replaces the earlier value.
    public init(_ pairs: some Sequence<(String, TemplateValue)>) {
        var keys: [String] = []
        var values: [TemplateValue] = []
        var positions: [String: Int] = [:]
        for (key, value) in pairs {
            if let position = positions[key] {
                values[position] = value
            } else {
                positions[key] = keys.count
                keys.append(key)
                values.append(value)
            }
        }
        storage = Storage(keys: keys, values: values)
    }

    /// Builds a dictionary from a Swift dictionary (entries in the dictionary's order).
    public init(_ dictionary: [String: TemplateValue]) {
        self.init(dictionary.lazy.map { ($0.key, $0.value) })
    }

    /// The number of entries.
    public var count: Int { storage.keys.count }

    /// The keys in insertion order.
    public var keys: [String] { storage.keys }

    /// The entries in insertion order.
    public var entries: [(key: String, value: TemplateValue)] {
        storage.keys.indices.map { (key: storage.keys[$0], value: storage.values[$0]) }
    }

    /// The value for `key`; setting rebuilds the dictionary (nil removes the entry).
    public subscript(key: String) -> TemplateValue? {
        get { value(for: TemplateKey(key)) }
        set {
            var pairs = entries.map { ($0.key, $0.value) }
            if let position = pairs.firstIndex(where: { $0.0 == key }) {
                if let newValue { pairs[position].1 = newValue } else { pairs.remove(at: position) }
            } else if let newValue {
                pairs.append((key, newValue))
            }
            self = TemplateDictionary(pairs)
        }
    }

    /// Looks up a precompiled key (a copy of the value `valuePointer` points to).
    func value(for key: TemplateKey) -> TemplateValue? {
        valuePointer(for: key)?.pointee
    }

    /// Where the value for a precompiled key lives: valid while this dictionary's storage is alive
    /// (for the renderer, the whole render: the context it was given holds it).
    @inline(__always)
    func valuePointer(for key: TemplateKey) -> UnsafePointer<TemplateValue>? {
        guard let position = storage.position(of: key), let base = storage.values.baseAddress else { return nil }
        return UnsafePointer(base + position)
    }
}

extension TemplateDictionary: ExpressibleByDictionaryLiteral {
    /// `["name": "Acme", "clients": 48]`.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(elements)
    }
}
