import PortalDomain
import Views

/// A breadcrumb: a label and, except for the current page, a link.
struct Breadcrumb: Sendable {
    /// Visible label.
    let label: String
    /// Link target; nil for the current page.
    let href: String?

    /// A crumb.
    init(_ label: String, _ href: String? = nil) {
        self.label = label
        self.href = href
    }
}

/// Where the CSRF middleware puts the token forms must carry (the session's, or the sign-in form's pre-session one).
enum CSRFTokenKey: RequestContextKey {
    typealias Value = String
}

/// Renders a page template inside its layout, with everything the layout shows filled in by the server.
///
/// Page templates extend `layouts/owner`, `layouts/tenant` or `layouts/auth`. The renderer sets the layout's
/// keys (user, navigation, breadcrumbs, flash, CSRF token, time zone and the impersonation banner) AFTER the
/// page's own content, so no page can leave out or replace the banner.
struct PageRenderer: Sendable {
    /// Every template of `Templates/`, compiled at start-up.
    let templates: TemplateLibrary
    /// Navigation entries and badge counts.
    let navigation: Navigation
    /// Signs the flash cookie.
    let flash: FlashCookie
    /// Appended to asset URLs so a new build is fetched at once despite caching.
    let assetVersion: String
    /// The clock pages measure "ends in" against.
    let now: @Sendable () -> Int64

    /// Renders `template` with `content` as an HTML response.
    func render(
        _ template: String, title: String, content: TemplateDictionary = [:], breadcrumbs: [Breadcrumb] = [],
        status: HTTPStatus = .ok, request: HTTPRequest, context: RequestContext
    ) -> HTTPResponse {
        var values = content
        let messages = request.cookie(FlashCookie.name).map(flash.decode) ?? []
        let layout = layoutValues(title: title, breadcrumbs: breadcrumbs, flash: messages, request: request, context: context)
        for (key, value) in layout.entries { values[key] = value }
        var response = HTTPResponse(status: status, headers: [.contentType: "text/html; charset=utf-8"])
        response.body = .bytes(templates.render(template, .dictionary(values)))
        response.headers.add(.cacheControl, "no-store")
        if request.cookie(FlashCookie.name) != nil { response.setCookie(FlashCookie.name, "", maxAge: 0) }
        return response
    }

    /// The layout's keys for this request.
    func layoutValues(
        title: String, breadcrumbs: [Breadcrumb], flash: [FlashMessage], request: HTTPRequest, context: RequestContext
    ) -> TemplateDictionary {
        var values: TemplateDictionary = [
            "title": .string(title),
            "assetVersion": .string(assetVersion),
            "version": .string(PortalVersion.current),
            "csrf": .string(context[CSRFTokenKey.self] ?? ""),
        ]
        if !breadcrumbs.isEmpty {
            values["breadcrumbs"] = [
                "items": .list(
                    breadcrumbs.map { crumb in
                        var item: TemplateDictionary = ["label": .string(crumb.label)]
                        if let href = crumb.href { item["href"] = .string(href) }
                        return .dictionary(item)
                    })
            ]
        }
        if !flash.isEmpty {
            values["flash"] = [
                "items": .list(
                    flash.map {
                        ["kind": .string($0.kind.rawValue), "message": .string($0.message), "isError": .bool($0.kind == .error)]
                    })
            ]
        }
        guard let session = context.session else {
            values["timeZone"] = "UTC"
            return values
        }
        let viewer = session.effective
        values["timeZone"] = .string(Formatting(timeZone: viewer.timeZone).zoneName)
        values["user"] = [
            "name": .string(viewer.name), "email": .string(viewer.email), "roleLabel": .string(viewer.role.label),
        ]
        values["nav"] = .list(navigation.items(for: session, path: request.path, context: context))
        if let tenantID = viewer.tenantID, let tenant = try? navigation.portal.tenants.get(tenantID, by: session.acting(context))
        {
            values["tenant"] = ["name": .string(tenant.name), "id": .int(Int(tenantID))]
        }
        if let impersonation = session.impersonation {
            values["impersonation"] = PageRenderer.banner(session: session, impersonation: impersonation, now: now())
        }
        return values
    }

    /// The banner's values: "Viewing as USER (TENANT), impersonated by STAFF, read-only|write, ends in mm:ss".
    static func banner(session: WebSession, impersonation: ImpersonationState, now: Int64) -> TemplateValue {
        let left = max(0, impersonation.expiresAt - now)
        let remaining = "\(left / 60 < 10 ? "0" : "")\(left / 60):\(left % 60 < 10 ? "0" : "")\(left % 60)"
        return [
            "userName": .string(session.effective.name),
            "tenantName": .string(impersonation.tenantName),
            "staffName": .string(impersonation.staff.name),
            "mode": .string(impersonation.writeMode ? "write" : "read-only"),
            "writeMode": .bool(impersonation.writeMode),
            "remaining": .string(remaining),
            "expiresAt": .string(Formatting.isoUTC(impersonation.expiresAt)),
            "expiresEpoch": .int(Int(impersonation.expiresAt)),
        ]
    }
}
