/// A QR code (ISO/IEC 18004): byte mode, error correction level M, versions 1–40, with the
/// lowest-penalty mask; for TOTP enrolment URIs and similar short texts.
///
/// ```swift
/// let code = try QRCode(text: "otpauth://totp/Portal:ana@example.com?secret=…&issuer=Portal")
/// let svg = code.svg(moduleSize: 4, quietZone: 4, label: "Scan with your authenticator app")
/// ```
public struct QRCode: Sendable {
    /// Modules per side: 17 + 4 × version.
    public let size: Int
    /// The version (1–40) chosen: the smallest that holds the data.
    public let version: Int
    /// The mask pattern (0–7) chosen by the penalty rules.
    public let mask: Int
    /// Row-major dark/light modules.
    let modules: [Bool]

    /// Encodes the UTF-8 bytes of `text`.
    public init(text: String) throws(QRCodeError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// Encodes `bytes` in byte mode; throws when they exceed version 40-M's 2331 bytes.
    public init(bytes: [UInt8]) throws(QRCodeError) {
        try self.init(bytes: bytes, forcedMask: nil)
    }

    /// Encodes with a given mask instead of the best one (tests compare against other encoders).
    init(bytes: [UInt8], forcedMask: Int?) throws(QRCodeError) {
        guard let version = (1...40).first(where: { bytes.count <= QRCode.capacity(version: $0) }) else {
            throw QRCodeError.tooLong(bytes: bytes.count, maximum: QRCode.capacity(version: 40))
        }
        var matrix = QRMatrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(QRCode.codewords(bytes, version: version))
        let mask = forcedMask ?? matrix.bestMask()
        matrix.apply(mask: mask)
        matrix.drawFormatBits(mask: mask)
        self.version = version
        self.size = matrix.size
        self.mask = mask
        self.modules = matrix.modules
    }

    /// Whether the module at column `x`, row `y` is dark (false outside the symbol).
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// The most bytes version `version` holds at level M in byte mode.
    public static func capacity(version: Int) -> Int {
        let countBits = version <= 9 ? 8 : 16
        return (dataCodewords(version: version) * 8 - 4 - countBits) / 8
    }
}

/// Why a QR code cannot be made.
public enum QRCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data does not fit in the largest version.
    case tooLong(bytes: Int, maximum: Int)

    /// A readable explanation.
    public var description: String {
        switch self {
        case .tooLong(let bytes, let maximum): "QR code data too long: \(bytes) bytes, at most \(maximum) fit (version 40-M)"
        }
    }
}
