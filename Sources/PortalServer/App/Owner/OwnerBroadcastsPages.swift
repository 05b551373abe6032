import PortalDomain
import Views

/// `/owner/broadcasts`: drafts and sent broadcasts; a composer (title, audience, rich text enhanced by
/// `portal.js`, plain HTML without JS) whose body is sanitized on the server before it is previewed or stored;
/// edit and delete drafts; send behind a confirmation stating the number of recipients.
struct OwnerBroadcastsPages: Sendable {
    /// What handlers use.
    let web: WebApplication

    /// Drafts listed at most (drafts are few; sent broadcasts are paginated).
    static let draftLimit = 100

    /// Registers the routes.
    func register(on routes: inout AppRouter) {
        let pages = self
        routes.get("/owner/broadcasts") { request, context in try pages.list(request, context) }
        routes.get("/owner/broadcasts/new") { request, context in try pages.new(request, context) }
        routes.post("/owner/broadcasts") { request, context in try pages.save(nil, request, context) }
        routes.get("/owner/broadcasts/{id}") { request, context in try pages.show(request, context) }
        routes.post("/owner/broadcasts/{id}") { request, context in try pages.save(try context.id(), request, context) }
        routes.get("/owner/broadcasts/{id}/edit") { request, context in try pages.edit(request, context) }
        routes.get("/owner/broadcasts/{id}/delete") { request, context in try pages.confirm(.delete, request, context) }
        routes.post("/owner/broadcasts/{id}/delete") { request, context in try pages.delete(request, context) }
        routes.get("/owner/broadcasts/{id}/send") { request, context in try pages.confirm(.send, request, context) }
        routes.post("/owner/broadcasts/{id}/send") { request, context in try pages.send(request, context) }
    }

    /// Drafts and sent broadcasts.
    func list(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let drafts = try web.portal.broadcasts.list(status: .draft, perPage: OwnerBroadcastsPages.draftLimit, by: owner.actor)
        let sent = try web.portal.broadcasts.list(status: .sent, page: Pagination.requestedPage(request), by: owner.actor)
        let content: TemplateDictionary = [
            "drafts": .list(drafts.items.map { summary($0, owner: owner) }), "hasDrafts": .bool(!drafts.items.isEmpty),
            "moreDrafts": drafts.total > drafts.items.count
                ? .string(Formatting.number(drafts.total - drafts.items.count)) : .null,
            "sent": .list(sent.items.map { summary($0, owner: owner) }), "hasSent": .bool(!sent.items.isEmpty),
            "pagination": Pagination.value(sent, path: "/owner/broadcasts", query: URLQuery(), noun: "sent broadcasts"),
            "canManage": .bool(owner.can(.manageBroadcasts)),
        ]
        return web.pages.render(
            "owner/broadcasts", title: "Broadcasts", content: content, breadcrumbs: [Breadcrumb("Broadcasts")],
            request: request, context: context)
    }

    /// A broadcast in a list.
    func summary(_ broadcast: Broadcast, owner: OwnerContext) -> TemplateValue {
        [
            "id": .int(Int(broadcast.id)), "href": .string("/owner/broadcasts/\(broadcast.id)"),
            "title": .string(broadcast.title), "excerpt": .string(String(broadcast.bodyText.prefix(160))),
            "audience": .string(broadcast.audience.label), "updated": owner.time(broadcast.updatedAt),
            "sent": owner.time(broadcast.sentAt),
            "recipients": broadcast.recipients.map { .string(Formatting.number($0)) } ?? .null,
        ]
    }

    /// The empty composer.
    func new(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        renderComposer(
            BroadcastComposer(values: ["audience": Audience.all.rawValue]), id: nil, request: request, context: context)
    }

    /// The composer of a draft.
    func edit(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let broadcast = try web.portal.broadcasts.get(try context.id(), by: owner.actor)
        guard broadcast.status == .draft else { throw DomainError.conflict("A sent broadcast cannot be edited.") }
        return renderComposer(
            BroadcastComposer(values: [
                "title": broadcast.title, "audience": broadcast.audience.rawValue, "body": broadcast.bodyHTML,
            ]), id: broadcast.id, request: request, context: context)
    }

    /// Renders the composer (with the preview when asked; 422 with messages after a refusal).
    func renderComposer(_ composer: BroadcastComposer, id: Int64?, request: HTTPRequest, context: RequestContext)
        -> HTTPResponse
    {
        let title = id == nil ? "New broadcast" : "Edit broadcast"
        var crumbs = [Breadcrumb("Broadcasts", "/owner/broadcasts")]
        if let id { crumbs.append(Breadcrumb("Broadcast #\(id)", "/owner/broadcasts/\(id)")) }
        crumbs.append(Breadcrumb(title))
        var content = composer.templateValue
        content["heading"] = .string(title)
        content["action"] = .string(id.map { "/owner/broadcasts/\($0)" } ?? "/owner/broadcasts")
        content["cancelHref"] = .string(id.map { "/owner/broadcasts/\($0)" } ?? "/owner/broadcasts")
        return web.pages.render(
            "owner/broadcast-form", title: title, content: content, breadcrumbs: crumbs,
            status: composer.form.hasErrors ? .unprocessableContent : .ok, request: request, context: context)
    }

    /// Previews (`intent=preview`: nothing is written) or saves the draft (new when `id` is nil).
    func save(_ id: Int64?, _ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        var composer = BroadcastComposer(try request.formFields())
        if let id {
            let existing = try web.portal.broadcasts.get(id, by: owner.actor)
            guard existing.status == .draft else { throw DomainError.conflict("A sent broadcast cannot be edited.") }
        }
        guard let draft = composer.draft() else { return renderComposer(composer, id: id, request: request, context: context) }
        if composer.wantsPreview {
            composer.previewHtml = draft.bodyHTML
            return renderComposer(composer, id: id, request: request, context: context)
        }
        do {
            let saved =
                try id.map { try web.portal.broadcasts.updateDraft($0, draft, by: owner.actor) }
                ?? web.portal.broadcasts.createDraft(draft, by: owner.actor)
            return .redirect(
                to: "/owner/broadcasts/\(saved.id)",
                flash: FlashMessage(kind: .success, message: "Draft “\(saved.title)” saved. It is not sent yet."),
                using: web.pages.flash)
        } catch DomainError.invalid(let fields) {
            composer.form.absorb(fields)
            return renderComposer(composer, id: id, request: request, context: context)
        }
    }

    /// One broadcast: its rendered body and what can be done with it.
    func show(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let broadcast = try web.portal.broadcasts.get(try context.id(), by: owner.actor)
        var content: TemplateDictionary = [
            "broadcast": summary(broadcast, owner: owner),
            // Stored sanitized; sanitized again on output so a row written by anything else cannot inject markup.
            "bodyHtml": .string(HTMLSanitizer.sanitize(broadcast.bodyHTML)),
            "isDraft": .bool(broadcast.status == .draft), "canManage": .bool(owner.can(.manageBroadcasts)),
        ]
        if let sentBy = broadcast.sentBy {
            let names = try web.portal.audit.names(userIDs: [sentBy], tenantIDs: [], by: owner.actor)
            content["sentBy"] = names.user(sentBy).map { .string(OwnerAuditPages.displayName($0)) } ?? .null
        }
        return web.pages.render(
            "owner/broadcast", title: broadcast.title, content: content,
            breadcrumbs: [Breadcrumb("Broadcasts", "/owner/broadcasts"), Breadcrumb(broadcast.title)], request: request,
            context: context)
    }

    /// What a confirmation page confirms.
    enum Confirmation {
        case delete, send
    }

    /// The confirmation of deleting or sending a draft; sending states the number of recipients.
    func confirm(_ kind: Confirmation, _ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let broadcast = try web.portal.broadcasts.get(try context.id(), by: owner.actor)
        guard broadcast.status == .draft else {
            throw DomainError.conflict("Broadcast “\(broadcast.title)” was already sent.")
        }
        var content: TemplateDictionary = [
            "broadcast": summary(broadcast, owner: owner), "bodyHtml": .string(HTMLSanitizer.sanitize(broadcast.bodyHTML)),
            "isSend": .bool(kind == .send),
            "action": .string("/owner/broadcasts/\(broadcast.id)/\(kind == .send ? "send" : "delete")"),
        ]
        if kind == .send {
            let count = try web.portal.broadcasts.recipientCount(broadcast.audience, by: owner.actor)
            content["recipients"] = .string(Formatting.number(count))
            content["noRecipients"] = .bool(count == 0)
        }
        let title = kind == .send ? "Send “\(broadcast.title)”" : "Delete “\(broadcast.title)”"
        return web.pages.render(
            "owner/broadcast-confirm", title: title, content: content,
            breadcrumbs: [
                Breadcrumb("Broadcasts", "/owner/broadcasts"), Breadcrumb(broadcast.title, "/owner/broadcasts/\(broadcast.id)"),
                Breadcrumb(kind == .send ? "Send" : "Delete"),
            ], request: request, context: context)
    }

    /// Deletes a draft.
    func delete(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let broadcast = try web.portal.broadcasts.get(try context.id(), by: owner.actor)
        try web.portal.broadcasts.deleteDraft(broadcast.id, by: owner.actor)
        return .redirect(
            to: "/owner/broadcasts", flash: FlashMessage(kind: .success, message: "Draft “\(broadcast.title)” deleted."),
            using: web.pages.flash)
    }

    /// Sends a draft to its audience.
    func send(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let owner = OwnerContext(context, now: web.portal.clock.seconds)
        let sent = try web.portal.broadcasts.send(try context.id(), by: owner.actor)
        let count = sent.recipients ?? 0
        return .redirect(
            to: "/owner/broadcasts/\(sent.id)",
            flash: FlashMessage(
                kind: .success,
                message:
                    "“\(sent.title)” sent to \(Formatting.number(count)) recipient\(count == 1 ? "" : "s") (\(sent.audience.label.lowercased()))."
            ), using: web.pages.flash)
    }
}
