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

    /// Appends a run of bytes, growing the allocation when needed. Runs of up to 32 bytes (most of a
    /// page's text and values) are copied inline rather than through a call to `memmove`.
    @inline(__always)
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let length = bytes.count
        if count + length > capacity { grow(to: count + length) }
        if length <= 32 {
            Self.copySmall(from: UnsafeRawPointer(source), to: UnsafeMutableRawPointer(base + count), count: length)
        } else {
            (base + count).update(from: source, count: length)
        }
        count += length
    }

    /// Copies `count` (at most 32) bytes with two overlapping loads and stores of the widest size that
    /// fits, reading and writing nothing outside either range.
    @inline(__always)
    private static func copySmall(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
        if count >= 16 {
            let head = source.loadUnaligned(as: SIMD16<UInt8>.self)
            let tail = source.loadUnaligned(fromByteOffset: count - 16, as: SIMD16<UInt8>.self)
            target.storeBytes(of: head, as: SIMD16<UInt8>.self)
            target.storeBytes(of: tail, toByteOffset: count - 16, as: SIMD16<UInt8>.self)
        } else if count >= 8 {
            let head = source.loadUnaligned(as: UInt64.self)
            let tail = source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            let head = source.loadUnaligned(as: UInt32.self)
            let tail = source.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
        } else if count > 0 {
            let bytes = source.assumingMemoryBound(to: UInt8.self)
            let out = target.assumingMemoryBound(to: UInt8.self)
            out[0] = bytes[0]
            out[count >> 1] = bytes[count >> 1]
            out[count - 1] = bytes[count - 1]
        }
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
