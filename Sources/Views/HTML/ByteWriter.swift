/// Something bytes can be appended to: `[UInt8]` or the renderer's `ByteWriter`.
protocol ByteSink: ~Copyable {
    /// Appends a run of bytes.
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>)
    /// Appends one byte.
    mutating func write(byte: UInt8)
}

extension Array: ByteSink where Element == UInt8 {
    /// Appends a run of bytes.
    @inline(__always)
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }

    /// Appends one byte.
    @inline(__always)
    mutating func write(byte: UInt8) { append(byte) }
}

/// A growable byte buffer for one render: a raw allocation with no uniqueness checks, copied
/// once into the caller's array at the end.
///
/// Appending to `[UInt8]` costs a uniqueness check and a generic call per append; a page does
/// hundreds of short appends, so the renderer writes here instead.
struct ByteWriter: ~Copyable, ByteSink {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    /// An empty buffer with room for `capacity` bytes.
    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Appends a run of bytes, growing the allocation when needed.
    @inline(__always)
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends one byte.
    @inline(__always)
    mutating func write(byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    /// Appends the UTF-8 bytes of a static string.
    @inline(__always)
    mutating func write(_ text: StaticString) {
        write(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func grow(to minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends everything written to `output`.
    func append(to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }
}
