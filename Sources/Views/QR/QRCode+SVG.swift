extension QRCode {
    /// A compact SVG of the symbol: one white background `rect` and one `path` whose `d` draws each
    /// horizontal run of dark modules as a rectangle. Colours are `fill` attributes (no inline
    /// `style`, which the portal's Content-Security-Policy forbids); `role="img"` and `aria-label`
    /// describe it to assistive technology.
    ///
    /// - Parameters:
    ///   - moduleSize: pixels per module for `width`/`height` (the `viewBox` is in modules).
    ///   - quietZone: light modules around the symbol; the standard asks for 4.
    ///   - label: the accessible name.
    public func svg(moduleSize: Int = 4, quietZone: Int = 4, label: String = "QR code") -> String {
        let side = size + 2 * quietZone
        let pixels = side * max(1, moduleSize)
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                path += "M\(start + quietZone) \(y + quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        return
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(pixels)\" height=\"\(pixels)\""
            + " role=\"img\" aria-label=\"\(HTML.escape(label))\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }
}
