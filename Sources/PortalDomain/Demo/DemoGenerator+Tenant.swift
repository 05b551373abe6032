import Foundation

extension DemoGenerator {
    /// One tenant with its people, sessions, invoices, requests and history. Tenants 1–3 are fixed:
    /// the demo accounts' studio at exactly 100/100 clients, one at 85%, one over its limit after a
    /// downgrade.
    mutating func tenant(_ db: SQLiteConnection, index: Int) throws {
        let id = Int64(index + 1)
        counts.tenants += 1
        var city = random.pick(DemoWords.cities)
        var name = "\(random.pick(DemoWords.studioWords)) \(random.pick(DemoWords.studioKinds)) \(city.0)"
        let planRoll = random.unit()
        var planIndex = planRoll < 0.55 ? 0 : planRoll < 0.9 ? 1 : 2
        let statusRoll = random.unit()
        var status: TenantStatus =
            statusRoll < 0.72 ? .active : statusRoll < 0.86 ? .trial : statusRoll < 0.94 ? .suspended : .blocked
        var createdDaysAgo = Int64(status == .trial ? random.int(2...40) : random.int(30...700))
        if status != .trial, random.chance(0.03) { createdDaysAgo = Int64(random.int(1...6)) }
        let clientRange: ClosedRange<Int> = [10...80, 45...190, 110...380][planIndex]
        var clientCount = random.int(clientRange)
        if planIndex == 0, random.chance(0.08) { clientCount = random.int(80...99) }
        var coachCount = [random.chance(0.1) ? 4 : random.int(1...3), random.int(3...15), random.int(8...40)][planIndex]
        var previousPlan: Int?
        switch index {
        case 0:
            (name, city, planIndex, status, clientCount, coachCount, createdDaysAgo) =
                ("Bodyforge EMS Berlin", ("Berlin", "Europe/Berlin"), 0, .active, 100, 4, 420)
        case 1:
            (name, city, planIndex, status, clientCount, coachCount, createdDaysAgo) =
                ("Northwind EMS Hamburg", ("Hamburg", "Europe/Berlin"), 0, .active, 85, 5, 300)
        case 2:
            (name, city, planIndex, status, clientCount, coachCount, createdDaysAgo) =
                ("Kinetic Lab Vienna", ("Vienna", "Europe/Vienna"), 0, .active, 130, 6, 500)
            previousPlan = 1
        default: break
        }
        let plan = plans[planIndex]
        let created = reference - createdDaysAgo * Self.day + Int64(random.int(8 * 3_600...18 * 3_600))
        let zone = TimeZones.zoneOrUTC(city.1)
        let slug = Self.ascii(name) + (index < 3 ? "" : "-\(id)")
        let domain = index == 0 ? "bodyforge-berlin.example" : "\(slug).example"
        let contactFirst = random.pick(DemoWords.firstNames)
        let contactLast = random.pick(DemoWords.lastNames)
        let contactName = index == 0 ? "Tina Tenant" : "\(contactFirst) \(contactLast)"
        let contactEmail = index == 0 ? "admin@\(domain)" : "owner@\(domain)"
        let trialEnds: Int64? = status == .trial ? created + 14 * Self.day : nil
        var statusChanged = created
        var reason: String?
        var blockKind: BlockKind?
        if status == .suspended || status == .blocked {
            statusChanged = max(
                created + Self.day, reference - Int64(random.int(0...60)) * Self.day - Int64(random.int(0...40_000)))
            if status == .suspended {
                reason = random.pick(DemoWords.suspensionReasons)
            } else {
                reason = random.pick(DemoWords.blockReasons)
                blockKind = .manual
            }
        }
        let activeUntil = status == .suspended || status == .blocked ? statusChanged : reference + 14 * Self.day
        let lastActivity: Int64 =
            switch status {
            case .suspended, .blocked: statusChanged
            case .trial, .active:
                random.chance(0.85)
                    ? reference - Int64(random.int(0...2 * 86_400)) : reference - Int64(random.int(8...40)) * Self.day
            }
        try db.run(
            """
            INSERT INTO tenants (id, name, search_text, status, block_kind, status_before, status_reason, status_changed_at,
                plan_id, contact_name, contact_email, contact_phone, time_zone, trial_ends_at, created_at, last_activity_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                id, name, TenantStore.searchText(name: name, contactEmail: contactEmail), status, blockKind,
                status == .suspended || status == .blocked ? "active" : nil, reason, statusChanged, plan.id, contactName,
                contactEmail, "+49 30 \(random.int(1_000_000...9_999_999))", city.1, trialEnds, created,
                max(created, lastActivity),
            ])
        let seeder = ActingUser.system("cli:seed-demo")
        var createdRecord = AuditRecord(action: "tenant.created", tenantID: id, targetType: "tenant", targetID: id)
        createdRecord.facts = [
            "plan_id": String(previousPlan.map { plans[$0].id } ?? plan.id), "status": status == .trial ? "trial" : "active",
        ]
        history.append((created, createdRecord, seeder))
        if let reason {
            var record = AuditRecord(
                action: status == .suspended ? "tenant.suspended" : "tenant.blocked", tenantID: id, targetType: "tenant",
                targetID: id)
            record.change("status", "active", status.rawValue)
            if let blockKind { record.change("block_kind", nil, blockKind.rawValue) }
            record.note = reason
            history.append((statusChanged, record, actor(index)))
        }
        _ = try insertUser(db, email: contactEmail, name: contactName, role: .tenantAdmin, tenantID: id, at: created)
        let coachIDs = try people(
            db, kind: .coach, tenantID: id, count: coachCount, domain: domain, index: index, created: created)
        let clientIDs = try people(
            db, kind: .client, tenantID: id, count: clientCount, domain: domain, index: index, created: created)
        let months = try sessions(
            db, tenantID: id, zone: zone, from: max(created, reference - 90 * Self.day), until: activeUntil,
            clients: clientIDs, coaches: coachIDs)
        for (month, count) in months.sorted(by: { $0.key < $1.key }) {
            try db.run("INSERT INTO tenant_month_sessions (tenant_id, month, sessions) VALUES (?, ?, ?)", [id, month, count])
        }
        try db.run(
            "INSERT INTO tenant_usage (tenant_id, active_clients, coaches, storage_bytes) VALUES (?, ?, ?, ?)",
            [
                id, clientIDs.count, coachIDs.count,
                Int64(random.int(1...max(1, Int((plan.limits.storageGB ?? 50) * 60)))) * 10_000_000,
            ])
        if status != .trial { try invoices(db, tenantID: id, plan: plan, created: created, status: status) }
        try upgrades(
            db, tenantID: id, index: index, planIndex: planIndex, previousPlan: previousPlan, status: status, created: created)
        if random.chance(0.03) || index == 1 {
            try db.run(
                """
                INSERT INTO feature_overrides (tenant_id, feature_key, enabled, note, expires_at, created_by, created_at)
                VALUES (?, 'marketing_automation', 1, 'Beta tester for campaigns', ?, ?, ?)
                """, [id, reference + 14 * Self.day, staffIDs[0], reference - 3 * Self.day])
            var record = AuditRecord(action: "feature_override.set", tenantID: id, targetType: "feature")
            record.facts = ["feature": "marketing_automation"]
            record.change("state", "default", "on")
            record.note = "Beta tester for campaigns"
            history.append((reference - 3 * Self.day, record, actor(0)))
        }
    }

    /// Coaches or clients (5% of clients inactive), each with a login; returns the active ids.
    private mutating func people(
        _ db: SQLiteConnection, kind: PersonKind, tenantID: Int64, count: Int, domain: String, index: Int, created: Int64
    ) throws -> [Int64] {
        var active: [Int64] = []
        let statement = try db.cachedStatement(
            """
            INSERT INTO \(kind.table) (id, tenant_id, user_id, name, email, phone, notes, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
            """)
        var total = count
        // Clients who left: inactive rows beside the active ones (not counted against the plan).
        if kind == .client { total += count / 20 }
        for number in 0..<total {
            let id = kind == .client ? nextClientID : nextCoachID
            if kind == .client { nextClientID += 1 } else { nextCoachID += 1 }
            let first = random.pick(DemoWords.firstNames)
            let last = random.pick(DemoWords.lastNames)
            var name = "\(first) \(last)"
            var email = "\(Self.ascii(first)).\(Self.ascii(last)).\(id)@\(kind == .coach ? domain : "mail.example")"
            if index == 0, number == 0 {
                name = kind == .coach ? "Carlos Coach" : "Clara Client"
                email = kind == .coach ? "coach@\(domain)" : "client@\(domain)"
            }
            let joined = created + Int64(random.int(0...Int(max(1, reference - created))))
            let isActive = number < count
            let userID = try insertUser(db, email: email, name: name, role: kind.role, tenantID: tenantID, at: joined)
            if !isActive { try db.run("UPDATE users SET status = 'disabled' WHERE id = ?", [userID]) }
            try statement.bind([
                id, tenantID, userID, name, email, "+49 170 \(random.int(1_000_000...9_999_999))",
                isActive ? "active" : "inactive",
                joined, joined,
            ])
            try statement.run()
            if isActive { active.append(id) }
        }
        return active
    }

    /// Sessions from `from` to `until` (capped at two weeks ahead) with daily and weekly peaks, no
    /// coach double-booked; returns sessions per local month.
    private mutating func sessions(
        _ db: SQLiteConnection, tenantID: Int64, zone: TimeZone, from: Int64, until: Int64, clients: [Int64], coaches: [Int64]
    ) throws -> [Int: Int64] {
        var months: [Int: Int64] = [:]
        guard !clients.isEmpty, !coaches.isEmpty, until > from else { return months }
        let statement = try db.cachedStatement(
            """
            INSERT INTO bookings (id, tenant_id, client_id, coach_id, starts_at, duration_min, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let offsets = OffsetTable(zone: zone, from: from - Self.day, until: until + Self.day)
        let firstDay = offsets.dayNumber(from)
        let lastDay = offsets.dayNumber(until)
        let perDay = Double(clients.count) * Self.sessionsPerClientPerWeek / 7
        var busy = [UInt64](repeating: 0, count: coaches.count * 2)
        for dayNumber in firstDay...lastDay {
            for index in busy.indices { busy[index] = 0 }
            let weekday = Int(((dayNumber % 7) + 7 + 3) % 7)
            let expected = perDay * Self.weekdayWeights[weekday]
            let count = Int(expected) + (random.unit() < expected - Double(Int(expected)) ? 1 : 0)
            let midnight = dayNumber * Self.day
            for _ in 0..<count {
                let hour = 6 + random.weighted(Self.hourWeights)
                let quarter = hour * 4 + random.int(0...3)
                let length = random.chance(0.7) ? 2 : 4
                // Quarter q of the day maps to bit q of a 128-bit mask per coach.
                var mask: (UInt64, UInt64) = (0, 0)
                for q in quarter..<(quarter + length) {
                    if q < 64 { mask.0 |= 1 << UInt64(q) } else { mask.1 |= 1 << UInt64(q - 64) }
                }
                let firstCoach = random.int(0...coaches.count - 1)
                var chosen: Int?
                for step in 0..<coaches.count {
                    let c = (firstCoach + step) % coaches.count
                    if busy[2 * c] & mask.0 == 0 && busy[2 * c + 1] & mask.1 == 0 {
                        chosen = c
                        break
                    }
                }
                let client = random.pick(clients)
                let statusRoll = random.unit()
                guard let coach = chosen else { continue }
                busy[2 * coach] |= mask.0
                busy[2 * coach + 1] |= mask.1
                let localStart = midnight + Int64(quarter) * 900
                let start = localStart - offsets.offset(localStart - offsets.offset(localStart))
                guard start >= from, start < until else { continue }
                let isPast = start + Int64(length) * 900 <= reference
                let status: BookingStatus =
                    isPast
                    ? (statusRoll < 0.88 ? .completed : statusRoll < 0.95 ? .cancelled : .noShow)
                    : (statusRoll < 0.96 ? .scheduled : .cancelled)
                let bookedAt = max(from - 7 * Self.day, start - Int64(random.int(3_600...14 * 86_400)))
                try statement.bind(nextBookingID, at: 1)
                try statement.bind(tenantID, at: 2)
                try statement.bind(client, at: 3)
                try statement.bind(coaches[coach], at: 4)
                try statement.bind(start, at: 5)
                try statement.bind(Int64(length * 15), at: 6)
                try statement.bind(status.rawValue, at: 7)
                try statement.bind(min(bookedAt, reference), at: 8)
                try statement.run()
                nextBookingID += 1
                counts.sessions += 1
                if status != .cancelled {
                    slots.add(startsAt: start, durationMinutes: length * 15)
                    let local = start + offsets.offset(start)
                    let date = TimeZones.civilFromDays(local >= 0 ? local / Self.day : (local - 86_399) / Self.day)
                    months[date.year * 100 + date.month, default: 0] += 1
                }
            }
        }
        return months
    }
}
