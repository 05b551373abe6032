import Foundation

/// Generates the demo rows into an empty database with explicit ids, prepared statements and big
/// transactions. Every random choice comes from one SplitMix64 stream in a fixed order.
struct DemoGenerator {
    /// What to generate.
    let options: DemoSeeder.Options
    /// The reference day (UTC midnight) the data is placed around.
    let reference: Int64
    /// Seals the staff accounts' TOTP secrets.
    let keyring: SecretKeyring
    /// The one random stream every choice comes from.
    var random: DemoRandom
    /// Rows generated so far.
    var counts = (tenants: 0, users: 0, sessions: 0)

    /// Seconds per day.
    static let day: Int64 = 86_400
    /// Sessions per active client per week (about 10M sessions for about 1M clients at scale).
    static let sessionsPerClientPerWeek = 0.95
    /// Relative bookings per ISO weekday (Monday first): the weekly peak.
    static let weekdayWeights = [1.15, 1.2, 1.15, 1.1, 0.9, 0.75, 0.4]
    /// Relative bookings per local start hour 6…21: morning and evening peaks.
    static let hourWeights = [0.3, 1.0, 0.9, 0.6, 0.5, 0.5, 0.7, 0.5, 0.4, 0.5, 0.8, 1.4, 1.8, 1.6, 0.9, 0.3]

    /// The demo accounts, in the order their passwords are drawn.
    static let accountSpecs: [(email: String, name: String, role: Role)] = [
        ("admin@portal.example", "Olivia Owner", .ownerAdmin),
        ("support@portal.example", "Sam Support", .support),
        ("billing@portal.example", "Bianca Billing", .billingOps),
        ("viewer@portal.example", "Victor Viewer", .readOnly),
        ("admin@bodyforge-berlin.example", "Tina Tenant", .tenantAdmin),
        ("coach@bodyforge-berlin.example", "Carlos Coach", .coach),
        ("client@bodyforge-berlin.example", "Clara Client", .client),
    ]

    /// The demo accounts' passwords: derived from the seed alone, so `--print-accounts` can print
    /// them again later without storing them.
    static func passwords(seed: UInt64, count: Int) -> [String] {
        var random = DemoRandom(seed: seed ^ 0x5EED_0FA5_5A0D)
        return (0..<count).map { _ in
            "demo-\(random.pick(DemoWords.passwordWords))-\(random.pick(DemoWords.passwordWords))-\(random.int(1_000...9_999))"
        }
    }

    /// The staff demo accounts' TOTP secrets, derived from the seed.
    static func totpSecrets(seed: UInt64, count: Int) -> [String] {
        var random = DemoRandom(seed: seed ^ 0x7070_5EC2_E7)
        return (0..<count).map { _ in ByteEncoding.base32(random.bytes(20)) }
    }

    /// A generator for `options` around `reference`.
    init(options: DemoSeeder.Options, reference: Int64, keyring: SecretKeyring) {
        self.options = options
        self.reference = reference
        self.keyring = keyring
        self.random = DemoRandom(seed: options.seed)
    }

    // MARK: - Ids and pending history

    /// Next explicit ids (the tables are empty, so ids are assigned, not looked up).
    var nextUserID: Int64 = 1
    var nextClientID: Int64 = 1
    var nextCoachID: Int64 = 1
    var nextBookingID: Int64 = 1
    var nextInvoiceID: Int64 = 1
    var nextRequestID: Int64 = 1
    var nextMessageID: Int64 = 1
    /// Historical audit events, appended in time order at the end.
    var history: [(at: Int64, record: AuditRecord, actor: ActingUser)] = []
    /// Session-slot aggregates, written once at the end.
    var slots = SessionSlots.Accumulator()
    /// Owner staff user ids (actors of the historical audit entries).
    var staffIDs: [Int64] = []

    /// One plan as generated.
    struct PlanSpec {
        let id: Int64
        let name: String
        let price: Int64
        let limits: PlanLimits
        let features: [String]
    }

    /// The three demo plans.
    let plans = [
        PlanSpec(
            id: 1, name: "Starter", price: 4_900,
            limits: PlanLimits(clients: 100, coaches: 5, sessionsPerMonth: 600, storageGB: 5),
            features: ["online_booking", "reminders"]),
        PlanSpec(
            id: 2, name: "Pro", price: 14_900,
            limits: PlanLimits(clients: 500, coaches: 20, sessionsPerMonth: 3_000, storageGB: 50),
            features: ["online_booking", "reminders", "reports", "marketing_automation", "waitlist"]),
        PlanSpec(
            id: 3, name: "Enterprise", price: 49_900,
            limits: PlanLimits(clients: nil, coaches: nil, sessionsPerMonth: nil, storageGB: 500),
            features: [
                "online_booking", "reminders", "reports", "marketing_automation", "waitlist", "api_access", "custom_branding",
                "multi_location",
            ]),
    ]

    /// The feature catalogue: key, name, description.
    static let features: [(String, String, String)] = [
        ("online_booking", "Online booking", "Clients book and cancel sessions in the app."),
        ("reminders", "Reminders", "E-mail and push reminders before each session."),
        ("reports", "Reports", "Monthly utilisation and revenue reports."),
        ("marketing_automation", "Marketing automation", "Win-back and birthday campaigns."),
        ("waitlist", "Waitlist", "Clients queue for full slots and get offered cancellations."),
        ("api_access", "API access", "The tenant JSON API with API keys."),
        ("custom_branding", "Custom branding", "The studio's logo and colours in the app."),
        ("multi_location", "Multiple locations", "Several studios under one account."),
    ]

    // MARK: - Generation

    /// Writes the whole demo platform into the empty database `db`.
    mutating func generate(_ db: SQLiteConnection) throws {
        try db.execute("BEGIN")
        // Marks the run as started: an interrupted run is recognised instead of looking like real data.
        try db.run("INSERT INTO meta (key, value) VALUES ('demo_seeding', ?)", [String(options.seed)])
        try catalogue(db)
        try staff(db)
        try db.execute("COMMIT")
        var tenantIndex = 0
        while tenantIndex < options.tenants {
            // One transaction per 100 tenants (about 100,000 sessions).
            try db.execute("BEGIN")
            for _ in 0..<100 where tenantIndex < options.tenants {
                try tenant(db, index: tenantIndex)
                tenantIndex += 1
            }
            try db.execute("COMMIT")
            if tenantIndex % 1_000 == 0 || tenantIndex == options.tenants {
                options.progress?("  \(tenantIndex) tenants, \(counts.users) users, \(counts.sessions) sessions")
            }
        }
        try db.execute("BEGIN")
        try slots.write(db)
        try messages(db)
        try systemEvents(db)
        history.sort { $0.at < $1.at }
        for event in history { try AuditWriter.append(db, event.record, actor: event.actor, at: event.at) }
        // Usage percentages and over-limit blocks, as the jobs would compute them.
        let seeder = ActingUser.system("cli:seed-demo")
        for id in 1...Int64(max(1, counts.tenants)) where counts.tenants > 0 {
            try Limits.reevaluate(db, tenantID: id, actor: seeder, at: reference)
        }
        var record = AuditRecord(action: "demo.seeded", targetType: "platform")
        record.facts = [
            "seed": String(options.seed), "scale": options.scale ? "1" : "0", "tenants": String(counts.tenants),
            "sessions": String(counts.sessions),
        ]
        try AuditWriter.append(db, record, actor: seeder, at: reference)
        for (key, value) in [
            ("demo", "1"), ("demo_seed", String(options.seed)), ("demo_scale", options.scale ? "1" : "0"),
            ("demo_reference_day", String(reference)),
        ] {
            try db.run(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value])
        }
        try db.execute("COMMIT")
        try accounts(db)
    }

    private mutating func catalogue(_ db: SQLiteConnection) throws {
        let created = reference - 800 * Self.day
        for (key, name, description) in Self.features {
            try db.run(
                "INSERT INTO features (key, name, description, created_at) VALUES (?, ?, ?, ?)",
                [key, name, description, created])
        }
        for (order, plan) in plans.enumerated() {
            try db.run(
                """
                INSERT INTO plans (id, name, price_minor, currency, max_clients, max_coaches, max_sessions_per_month,
                    max_storage_gb, sort_order, created_at, updated_at)
                VALUES (?, ?, ?, 'EUR', ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    plan.id, plan.name, plan.price, plan.limits.clients, plan.limits.coaches, plan.limits.sessionsPerMonth,
                    plan.limits.storageGB, order, created, created,
                ])
            for feature in plan.features {
                try db.run("INSERT INTO plan_features (plan_id, feature_key) VALUES (?, ?)", [plan.id, feature])
            }
        }
    }

    /// Inserts a user without a password and returns its id.
    mutating func insertUser(
        _ db: SQLiteConnection, email: String, name: String, role: Role, tenantID: Int64?, at created: Int64
    ) throws -> Int64 {
        let id = nextUserID
        nextUserID += 1
        counts.users += 1
        let statement = try db.cachedStatement(
            """
            INSERT INTO users (id, email, email_key, display_name, role, tenant_id, status, created_at, joined_at)
            VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)
            """)
        try statement.bind([id, email, email.lowercased(), name, role, tenantID, created, created])
        try statement.run()
        return id
    }

    private mutating func staff(_ db: SQLiteConnection) throws {
        let created = reference - 760 * Self.day
        for spec in Self.accountSpecs where spec.role.isOwnerStaff {
            staffIDs.append(try insertUser(db, email: spec.email, name: spec.name, role: spec.role, tenantID: nil, at: created))
        }
        for (index, role) in [Role.support, .support, .billingOps, .readOnly].enumerated() {
            let first = DemoWords.firstNames[(index * 7 + 3) % DemoWords.firstNames.count]
            let last = DemoWords.lastNames[(index * 11 + 5) % DemoWords.lastNames.count]
            let email = "\(Self.ascii(first)).\(Self.ascii(last))@portal.example"
            staffIDs.append(try insertUser(db, email: email, name: "\(first) \(last)", role: role, tenantID: nil, at: created))
        }
    }

    /// Lower-case ASCII for e-mail addresses and domains.
    static func ascii(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            switch character {
            case "ä": out += "ae"
            case "ö": out += "oe"
            case "ü": out += "ue"
            case "ß": out += "ss"
            case " ", "-": out += "-"
            default: if character.isASCII && (character.isLetter || character.isNumber) { out.append(character) }
            }
        }
        return out
    }

    /// An owner-staff actor for historical entries, varied by `index`.
    func actor(_ index: Int) -> ActingUser {
        ActingUser(userID: staffIDs[index % staffIDs.count], role: index % 2 == 0 ? .ownerAdmin : .billingOps)
    }
}
