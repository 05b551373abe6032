/// The portal's view layer: the Mustache engine, HTML escaping, the rich-text sanitizer and QR codes.
/// Knows nothing of HTTP or the domain.
public enum Views {
    /// Version of the view layer's template contract.
    public static let engineName = "portal-mustache"
}
