/// A string-keyed dictionary of template values, tuned for lookups by precompiled keys.
///
/// Entries keep insertion order (a later duplicate key replaces the earlier value). Each key's
/// hash is computed once when the dictionary is built; small dictionaries are scanned comparing
/// hashes, larger ones get an open-addressing index, and a caller may pass a hint (where the key was
/// found last time) that is checked first. The entries sit inside one immutable storage object, so the
/// renderer can hold pointers to the values for as long as the context lives, and copying a dictionary
/// is one retain. A string value's UTF-8 bytes are also copied into the storage when it is built, so the
/// renderer escapes them without going through `String`. Mutation rebuilds the dictionary: build contexts
/// once, then render them.
public struct TemplateDictionary: Sendable {
    /// One entry: the key, its hash (computed once), the value and, for a string, its bytes; side by side so
    /// a lookup touches one line.
    struct Entry {
        let hash: UInt64
        let key: String
        let value: TemplateValue
        /// A string value's UTF-8 bytes in the storage's text pool; nil for other values.
        let text: UnsafeBufferPointer<UInt8>?
    }

    /// What the storage object holds besides its entries.
    struct Header {
        let count: Int
        /// Slot table (entry index + 1, 0 = empty) for dictionaries above `linearLimit` entries.
        let index: [Int32]
        /// The UTF-8 bytes of every string value, back to back (nil when there are none).
        let textPool: UnsafeMutablePointer<UInt8>?
    }

    /// The entries, tail-allocated in the object itself and never mutated after creation: a value's
    /// address is fixed for as long as the storage lives.
    final class Storage: ManagedBuffer<Header, Entry> {
        static func make(keys: [String], values: [TemplateValue]) -> Storage {
            let hashes = keys.map(TemplateKey.hash)
            var poolSize = 0
            for case .string(let string) in values { poolSize += string.utf8.count }
            let pool: UnsafeMutablePointer<UInt8>? = poolSize > 0 ? .allocate(capacity: poolSize) : nil
            let buffer = Storage.create(minimumCapacity: keys.count) { _ in
                Header(count: keys.count, index: makeIndex(hashes), textPool: pool)
            }
            let storage = unsafeDowncast(buffer, to: Storage.self)
            storage.withUnsafeMutablePointerToElements { entries in
                var used = 0
                for position in keys.indices {
                    var text: UnsafeBufferPointer<UInt8>?
                    if case .string(let string) = values[position] {
                        text = copy(string.utf8, to: pool.map { $0 + used })
                        used += text?.count ?? 0
                    }
                    (entries + position).initialize(
                        to: Entry(hash: hashes[position], key: keys[position], value: values[position], text: text))
                }
            }
            return storage
        }

        /// Copies `bytes` to `target` (room for them was counted when the pool was sized).
        private static func copy(_ bytes: String.UTF8View, to target: UnsafeMutablePointer<UInt8>?)
            -> UnsafeBufferPointer<UInt8>
        {
            guard let target, !bytes.isEmpty else { return UnsafeBufferPointer(start: nil, count: 0) }
            let copied: Int? = bytes.withContiguousStorageIfAvailable {
                target.initialize(from: $0.baseAddress!, count: $0.count)
                return $0.count
            }
            let count = copied ?? UnsafeMutableBufferPointer(start: target, count: bytes.count).initialize(from: bytes).1
            return UnsafeBufferPointer(start: target, count: count)
        }

        deinit {
            withUnsafeMutablePointers { header, entries in
                _ = entries.deinitialize(count: header.pointee.count)
                header.pointee.textPool?.deallocate()
            }
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

        var count: Int { header.count }

        /// Where the entry for a precompiled key lives; `hint` (an earlier answer for the same key, in this or
        /// another dictionary of the same shape) is tried first, then hashes are compared, then strings.
        @inline(__always)
        func entryPointer(for key: UnsafePointer<TemplateKey>, hint: inout Int32) -> UnsafePointer<Entry>? {
            withUnsafeMutablePointers { header, entries -> UnsafePointer<Entry>? in
                let count = header.pointee.count
                let guess = Int(hint)
                if guess < count, Self.entry(entries + guess, holds: key) {
                    return UnsafePointer(entries + guess)
                }
                guard let position = Self.position(of: key, count: count, index: header.pointee.index, entries) else {
                    return nil
                }
                hint = Int32(truncatingIfNeeded: position)
                return UnsafePointer(entries + position)
            }
        }

        /// Whether `entry` is the one for `key`: hashes compared first, the strings only to confirm.
        @inline(__always)
        private static func entry(_ entry: UnsafeMutablePointer<Entry>, holds key: UnsafePointer<TemplateKey>) -> Bool {
            guard entry.pointee.hash == key.pointee.hash else { return false }
            return entry.pointee.key == key.pointee.name
        }

        /// Where `entry`'s value lives (fixed for as long as the storage does).
        @inline(__always)
        static func valueAddress(_ entry: UnsafePointer<Entry>) -> UnsafePointer<TemplateValue> {
            UnsafeRawPointer(entry).advanced(by: MemoryLayout<Entry>.offset(of: \Entry.value)!)
                .assumingMemoryBound(to: TemplateValue.self)
        }

        @inline(__always)
        private static func position(
            of key: UnsafePointer<TemplateKey>, count: Int, index: [Int32], _ entries: UnsafeMutablePointer<Entry>
        ) -> Int? {
            if index.isEmpty {
                for position in 0..<count where entry(entries + position, holds: key) { return position }
                return nil
            }
            return index.withUnsafeBufferPointer { index -> Int? in
                let mask = index.count - 1
                var slot = Int(key.pointee.hash & UInt64(mask))
                while true {
                    let position = Int(index[slot]) - 1
                    if position < 0 { return nil }
                    if entry(entries + position, holds: key) { return position }
                    slot = (slot + 1) & mask
                }
            }
        }

        /// The entry at `position` (< count).
        func entry(_ position: Int) -> Entry {
            withUnsafeMutablePointerToElements { $0[position] }
        }
    }

    /// Immutable after creation, so sharing it across threads is safe (ManagedBuffer itself is not Sendable).
    nonisolated(unsafe) let storage: Storage

    /// Up to this many entries a linear scan of the hashes beats the index.
    static let linearLimit = 12

    /// An empty dictionary.
    public init() {
        storage = Storage.make(keys: [], values: [])
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
        storage = Storage.make(keys: keys, values: values)
    }

    /// Builds a dictionary from a Swift dictionary (entries in the dictionary's order).
    public init(_ dictionary: [String: TemplateValue]) {
        self.init(dictionary.lazy.map { ($0.key, $0.value) })
    }

    /// The number of entries.
    public var count: Int { storage.count }

    /// The keys in insertion order.
    public var keys: [String] { (0..<storage.count).map { storage.entry($0).key } }

    /// The entries in insertion order.
    public var entries: [(key: String, value: TemplateValue)] {
        (0..<storage.count).map {
            let entry = storage.entry($0)
            return (key: entry.key, value: entry.value)
        }
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

    /// Looks up a precompiled key (a copy of the value in the entry the storage's `entryPointer` finds).
    func value(for key: TemplateKey) -> TemplateValue? {
        var hint: Int32 = 0
        return withUnsafePointer(to: key) { storage.entryPointer(for: $0, hint: &hint)?.pointee.value }
    }
}

extension TemplateDictionary: ExpressibleByDictionaryLiteral {
    /// `["name": "Acme", "clients": 48]`.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(elements)
    }
}
