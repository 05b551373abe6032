import Foundation

extension TemplateValue {
    /// Parses JSON text into a template value: objects become dictionaries (keys in document order
    /// are not preserved by Foundation), integers stay `.int`, other numbers are `.double`.
    public init(json: Data) throws {
        let object = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        self.init(jsonObject: object)
    }

    /// Converts the output of `JSONSerialization` (NSNumber, NSNull, String, arrays, dictionaries).
    public init(jsonObject: Any) {
        switch jsonObject {
        case is NSNull:
            self = .null
        case let string as String:
            self = .string(string)
        case let number as NSNumber:
            self = Self.number(number)
        case let array as [Any]:
            self = .list(array.map(TemplateValue.init(jsonObject:)))
        case let dictionary as [String: Any]:
            let pairs = dictionary.sorted { $0.key < $1.key }.map { ($0.key, TemplateValue(jsonObject: $0.value)) }
            self = .dictionary(TemplateDictionary(pairs))
        default:
            self = .string(String(describing: jsonObject))
        }
    }

    /// Booleans arrive as `c`-typed NSNumbers, integers as `q`/`i`/`l`, the rest as doubles.
    private static func number(_ number: NSNumber) -> TemplateValue {
        switch String(cString: number.objCType) {
        case "c", "B": return .bool(number.boolValue)
        case "q", "i", "l", "s": return .int(number.intValue)
        case "Q", "I", "L", "S":
            let value = number.uint64Value
            return value <= UInt64(Int.max) ? .int(Int(value)) : .double(number.doubleValue)
        default: return .double(number.doubleValue)
        }
    }
}
