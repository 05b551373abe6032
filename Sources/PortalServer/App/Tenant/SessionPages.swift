import PortalDomain
import Views

/// `/app/sessions`: a week view (Monday to Sunday in the studio's time zone) with previous/next week
/// links and a coach filter, the booking form, and cancelling through a confirmation page.
struct SessionPages {
    /// The application.
    let web: WebApplication

    /// Lengths offered in the form's suggestions (any 5–480 minutes is accepted).
    static let suggestedLengths = [30, 45, 60, 90, 120]

    /// Registers the week view, the booking form and cancelling.
    func register(on routes: inout AppRouter) {
        routes.get("/app/sessions") { request, context in try week(request, context) }
        routes.get("/app/sessions/new") { request, context in try newForm(request, context) }
        routes.post("/app/sessions") { request, context in try book(request, context) }
        routes.get("/app/sessions/{id}/cancel") { request, context in try confirmCancel(request, context) }
        routes.post("/app/sessions/{id}/cancel") { request, context in try cancel(request, context) }
    }

    /// The studio and a formatter in its time zone: sessions are booked and shown in the studio's time.
    private func studio(_ scope: TenantScope) throws -> (tenant: Tenant, format: Formatting) {
        let tenant = try web.portal.tenants.get(scope.tenantID, by: scope.actor)
        return (tenant, Formatting(timeZone: tenant.timeZone))
    }

    /// `YYYY-MM-DD` of the local day `days` after the one `instant` falls on.
    static func isoDay(_ instant: Int64, plus days: Int64, in format: Formatting) -> String {
        let local = TimeZones.local(instant, in: format.zone)
        let civil = TimeZones.civilFromDays(local.dayNumber + days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))"
    }

    // MARK: week view

    private func week(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let (tenant, format) = try studio(scope)
        let portal = web.portal
        let now = portal.clock.seconds
        let day = request.query("week").flatMap { format.instant(fromLocal: String($0.prefix(10))) } ?? now
        var coach: Person?
        if let text = request.query("coach"), !text.isEmpty {
            guard let coachID = Int64(text) else { throw DomainError.notFound("coach \(text)") }
            coach = try portal.coaches.get(coachID, tenant: scope.tenantID, by: scope.actor)
        }
        let week = try portal.bookings.week(tenant: scope.tenantID, containing: day, coachID: coach?.id, by: scope.actor)
        let today = format.isoDate(now)
        var query = URLQuery()
        if let coach { query = query.setting("coach", String(coach.id)) }
        let days: [TemplateValue] = week.days.map { day in
            let noon = (format.instant(fromLocal: day.date) ?? week.startsAt) + 12 * 3_600
            return [
                "label": .string(format.dayLabel(noon)), "date": .string(day.date), "today": .bool(day.date == today),
                "hasSessions": .bool(!day.bookings.isEmpty),
                "sessions": .list(
                    day.bookings.map { booking in
                        [
                            "time": .string("\(format.time(booking.startsAt))–\(format.time(booking.endsAt))"),
                            "startISO": .string(Formatting.isoUTC(booking.startsAt)),
                            "client": .string(booking.clientName), "coach": .string(booking.coachName),
                            "status": .string(booking.status.rawValue),
                            "statusLabel": .string(SessionPages.statusLabel(booking.status)),
                            "cancelled": .bool(booking.status == .cancelled),
                            "cancelHref": booking.status == .scheduled && booking.endsAt > now
                                ? .string("/app/sessions/\(booking.id)/cancel") : .null,
                        ]
                    }),
            ]
        }
        var coaches = try portal.coaches.active(tenant: scope.tenantID, by: scope.actor)
        if let coach, !coaches.contains(where: { $0.id == coach.id }) { coaches.append(coach) }
        let scheduled = week.days.reduce(0) { $0 + $1.bookings.filter { $0.status != .cancelled }.count }
        let usage = try portal.usage.usage(tenant: scope.tenantID, by: scope.actor)
        let content: TemplateDictionary = [
            "range": .string("\(format.date(week.startsAt)) – \(format.date(week.startsAt + 6 * 86_400 + 12 * 3_600))"),
            "timeZone": .string(tenant.timeZone),
            "days": .list(days), "scheduled": .int(scheduled),
            "prevHref": .string(
                query.setting("week", SessionPages.isoDay(week.startsAt, plus: -7, in: format)).url("/app/sessions")),
            "nextHref": .string(
                query.setting("week", SessionPages.isoDay(week.startsAt, plus: 7, in: format)).url("/app/sessions")),
            "todayHref": .string(query.url("/app/sessions")),
            "coachFilter": .string(coach.map { String($0.id) } ?? ""),
            "coachName": coach.map { .string($0.name) } ?? .null,
            "weekValue": .string(SessionPages.isoDay(week.startsAt, plus: 0, in: format)),
            "coaches": .list(
                coaches.map { ["id": .int(Int($0.id)), "name": .string($0.name), "selected": .bool($0.id == coach?.id)] }),
            "usage": UsageViews.bar(usage, .sessionsPerMonth),
        ]
        return web.pages.render(
            "app/sessions", title: "Sessions", content: content,
            breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb("Sessions")], request: request, context: context)
    }

    /// Human status.
    static func statusLabel(_ status: BookingStatus) -> String {
        switch status {
        case .scheduled: "Scheduled"
        case .completed: "Completed"
        case .cancelled: "Cancelled"
        case .noShow: "No-show"
        }
    }

    // MARK: booking

    private func newForm(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let (_, format) = try studio(scope)
        let now = web.portal.clock.seconds
        let nextHour = (now / 3_600 + 1) * 3_600
        let state = FormState(values: [
            "client_id": request.query("client") ?? "", "coach_id": request.query("coach") ?? "",
            "starts_at": request.query("starts_at") ?? format.isoLocalDateTime(nextHour), "duration": "60",
        ])
        return try form(state, scope: scope, request: request, context: context)
    }

    private func form(
        _ state: FormState, scope: TenantScope, status: HTTPStatus = .ok, request: HTTPRequest, context: RequestContext
    ) throws -> HTTPResponse {
        let (tenant, _) = try studio(scope)
        let clients = try web.portal.clients.active(tenant: scope.tenantID, by: scope.actor)
        let coaches = try web.portal.coaches.active(tenant: scope.tenantID, by: scope.actor)
        func options(_ people: [Person], selected: String) -> TemplateValue {
            .list(
                people.map {
                    ["id": .int(Int($0.id)), "name": .string($0.name), "selected": .bool(String($0.id) == selected)]
                })
        }
        let content: TemplateDictionary = [
            "form": state.templateValue,
            "clients": options(clients, selected: state.string("client_id")),
            "coaches": options(coaches, selected: state.string("coach_id")),
            "ready": .bool(!clients.isEmpty && !coaches.isEmpty),
            "noClients": .bool(clients.isEmpty), "noCoaches": .bool(coaches.isEmpty),
            "timeZone": .string(tenant.timeZone),
            "lengths": .list(SessionPages.suggestedLengths.map { .int($0) }),
        ]
        return web.pages.render(
            "app/session-form", title: "Book a session", content: content,
            breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb("Sessions", "/app/sessions"), Breadcrumb("Book")],
            status: status, request: request, context: context)
    }

    private func book(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let (_, format) = try studio(scope)
        var state = FormState(try request.formFields())
        let clientID = Int64(state.string("client_id"))
        let coachID = Int64(state.string("coach_id"))
        let startsAt = format.instant(fromLocal: state.string("starts_at"))
        if clientID == nil { state.errors["client_id"] = "Choose a client." }
        if coachID == nil { state.errors["coach_id"] = "Choose a coach." }
        if startsAt == nil { state.errors["starts_at"] = "Enter the date and time the session starts." }
        let duration = state.int(
            "duration", label: "Length in minutes",
            range: Int64(BookingService.minimumMinutes)...Int64(BookingService.maximumMinutes))
        guard let clientID, let coachID, let startsAt, let duration, !state.hasErrors else {
            return try form(state, scope: scope, status: .unprocessableContent, request: request, context: context)
        }
        do {
            let booking = try web.portal.bookings.create(
                tenant: scope.tenantID,
                BookingDraft(clientID: clientID, coachID: coachID, startsAt: startsAt, durationMinutes: Int(duration)),
                by: scope.actor)
            let message =
                "Session booked: \(booking.clientName) with \(booking.coachName), "
                + "\(format.dayLabel(booking.startsAt)) at \(format.time(booking.startsAt))."
            return .redirect(
                to: "/app/sessions?week=\(format.isoDate(booking.startsAt))",
                flash: FlashMessage(kind: .success, message: message),
                using: web.pages.flash)
        } catch DomainError.invalid(let fields) {
            state.absorb(fields)
            return try form(state, scope: scope, status: .unprocessableContent, request: request, context: context)
        }
    }

    // MARK: cancelling

    private func confirmCancel(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let (_, format) = try studio(scope)
        let booking = try web.portal.bookings.get(try context.recordID(), tenant: scope.tenantID, by: scope.actor)
        let weekHref = "/app/sessions?week=\(format.isoDate(booking.startsAt))"
        guard booking.status == .scheduled else {
            return .redirect(
                to: weekHref,
                flash: FlashMessage(
                    kind: .info, message: "That session is \(SessionPages.statusLabel(booking.status).lowercased())."),
                using: web.pages.flash)
        }
        let content: TemplateDictionary = [
            "client": .string(booking.clientName), "coach": .string(booking.coachName),
            "when": .string(
                "\(format.dayLabel(booking.startsAt)) \(format.date(booking.startsAt)), \(format.time(booking.startsAt))"),
            "whenISO": .string(Formatting.isoUTC(booking.startsAt)), "minutes": .int(booking.durationMinutes),
            "action": .string("/app/sessions/\(booking.id)/cancel"), "cancelHref": .string(weekHref),
        ]
        return web.pages.render(
            "app/session-cancel", title: "Cancel a session", content: content,
            breadcrumbs: [Breadcrumb("Home", "/app"), Breadcrumb("Sessions", weekHref), Breadcrumb("Cancel")],
            request: request, context: context)
    }

    private func cancel(_ request: HTTPRequest, _ context: RequestContext) throws -> HTTPResponse {
        let scope = try TenantScope(context, requiring: .manageOwnTenant)
        let (_, format) = try studio(scope)
        let booking = try web.portal.bookings.cancel(try context.recordID(), tenant: scope.tenantID, by: scope.actor)
        return .redirect(
            to: "/app/sessions?week=\(format.isoDate(booking.startsAt))",
            flash: FlashMessage(
                kind: .success,
                message:
                    "Cancelled: \(booking.clientName) with \(booking.coachName), \(format.dayLabel(booking.startsAt)) at \(format.time(booking.startsAt))."
            ),
            using: web.pages.flash)
    }
}
