import PortalDomain
import Views

/// The broadcast composer's state: `title`, `audience`, `body` (simple HTML, sanitized on the server before
/// it is previewed or stored) and `intent` (`preview` or `save`).
struct BroadcastComposer {
    /// Values and messages.
    var form: FormState
    /// The sanitized body to preview, when a preview was asked for (raw output: the name ends in `Html`).
    var previewHtml: String?

    /// A composer showing `values`.
    init(values: [String: String]) {
        form = FormState(values: values)
    }

    /// The submitted composer.
    init(_ fields: HTTPFormFields) {
        form = FormState(fields)
    }

    /// True when the button pressed was "Preview".
    var wantsPreview: Bool { form.string("intent") == "preview" }

    /// The draft to store: the body sanitized (and shown sanitized from now on), or nil with messages.
    mutating func draft() -> BroadcastDraft? {
        let body = HTMLSanitizer.sanitize(form.values["body"] ?? "")
        form.values["body"] = body
        form.require("title", label: "Title")
        if form.string("title").count > 200 { form.errors["title"] = "Title must be at most 200 characters." }
        if BroadcastComposer.visibleText(body).isEmpty { form.errors["body"] = "Message is required." }
        guard let audience = Audience(rawValue: form.string("audience")) else {
            form.errors["audience"] = "Choose who receives it."
            return nil
        }
        guard !form.hasErrors else { return nil }
        return BroadcastDraft(title: form.string("title"), bodyHTML: body, audience: audience)
    }

    /// The composer's template values.
    var templateValue: TemplateDictionary {
        let chosen = form.values["audience"] ?? Audience.all.rawValue
        var values: TemplateDictionary = [
            "form": form.templateValue,
            "audiences": .list(
                Audience.allCases.map {
                    ["value": .string($0.rawValue), "label": .string($0.label), "selected": .bool($0.rawValue == chosen)]
                }),
        ]
        if let previewHtml { values["previewHtml"] = .string(previewHtml) }
        return values
    }

    /// The text of `html` without its tags, trimmed: empty when the message would show nothing.
    static func visibleText(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            switch character {
            case "<": inTag = true
            case ">": inTag = false
            default: if !inTag { text.append(character) }
            }
        }
        return text.replacing("&nbsp;", with: " ").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
