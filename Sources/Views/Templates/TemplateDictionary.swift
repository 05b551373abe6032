/// A string-keyed dictionary of template values, tuned for lookups by precompiled keys.
///
/// Entries keep insertion order (a later duplicate key replaces the earlier value). Each key's
/// hash is computed once when the dictionary is built; small dictionaries are scanned comparing
/// hashes, larger ones get an open-addressing index. Copies share one immutable storage, so
/// pushing a dictionary on the context stack costs one retain. Mutation rebuilds the storage:
/// build contexts once, then render them.
public struct TemplateDictionary: Sendable {
    /// Immutable entries plus the optional hash index.
    final class Storage: Sendable {
        let keys: [String]
        let hashes: [UInt64]
        let values: [TemplateValue]
        /// Slot table (entry index + 1, 0 = empty) for dictionaries above `linearLimit` entries.
        let index: [Int32]

        init(keys: [String], hashes: [UInt64], values: [TemplateValue]) {
            self.keys = keys
            self.hashes = hashes
            self.values = values
            guard keys.count > Storage.linearLimit else {
                self.index = []
                return
            }
            var size = 16
            while size < keys.count * 2 { size <<= 1 }
            var index = [Int32](repeating: 0, count: size)
            let mask = UInt64(size - 1)
            for (position, hash) in hashes.enumerated() {
                var slot = Int(hash & mask)
                while index[slot] != 0 { slot = (slot + 1) & Int(mask) }
                index[slot] = Int32(position + 1)
            }
            self.index = index
        }

        /// Up to this many entries a linear scan of the hashes beats the index.
        static let linearLimit = 12
    }

    let storage: Storage

    /// An empty dictionary.
    public init() {
        storage = Storage(keys: [], hashes: [], values: [])
    }

    /// Builds a dictionary from key-value pairs; a later duplicate key replaces the earlier value.
    public init(_ pairs: some Sequence<(String, TemplateValue)>) {
        var keys: [String] = []
        var hashes: [UInt64] = []
        var values: [TemplateValue] = []
        var positions: [String: Int] = [:]
        for (key, value) in pairs {
            if let position = positions[key] {
                values[position] = value
                continue
            }
            positions[key] = keys.count
            keys.append(key)
            hashes.append(TemplateKey.hash(key))
            values.append(value)
        }
        storage = Storage(keys: keys, hashes: hashes, values: values)
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
        Array(zip(storage.keys, storage.values).lazy.map { (key: $0.0, value: $0.1) })
    }

    /// The value for `key`; setting rebuilds the storage (nil removes the entry).
    public subscript(key: String) -> TemplateValue? {
        get { value(for: TemplateKey(key)) }
        set {
            var pairs = entries.filter { $0.key != key }.map { ($0.key, $0.value) }
            if let newValue {
                if let position = storage.keys.firstIndex(of: key) {
                    pairs.insert((key, newValue), at: position)
                } else {
                    pairs.append((key, newValue))
                }
            }
            self = TemplateDictionary(pairs)
        }
    }

    /// Looks up a precompiled key: hash comparison first, string comparison to confirm.
    @inline(__always)
    func value(for key: TemplateKey) -> TemplateValue? {
        let storage = self.storage
        if storage.index.isEmpty {
            return storage.hashes.withUnsafeBufferPointer { hashes -> TemplateValue? in
                for position in 0..<hashes.count where hashes[position] == key.hash {
                    if storage.keys[position] == key.name { return storage.values[position] }
                }
                return nil
            }
        }
        return storage.index.withUnsafeBufferPointer { index -> TemplateValue? in
            let mask = index.count - 1
            var slot = Int(key.hash & UInt64(mask))
            while true {
                let entry = Int(index[slot])
                if entry == 0 { return nil }
                if storage.hashes[entry - 1] == key.hash, storage.keys[entry - 1] == key.name {
                    return storage.values[entry - 1]
                }
                slot = (slot + 1) & mask
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
