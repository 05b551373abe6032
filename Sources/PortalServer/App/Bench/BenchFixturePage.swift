import Foundation
import Views

/// The benchmark's `/page`: the bench templates rendered with `templates/tenants.tsv`.
///
/// Mirrors peer-hummingbird's page model exactly (portal name, signed-in user, six nav items,
/// 50 tenants and their totals), so the output is byte-identical to `public/page.html`. The
/// context is built once; `render()` runs the template anew on every call, as `GET /page` must.
struct BenchFixturePage: Sendable {
    /// A fixture that cannot be loaded.
    struct LoadError: Error, Sendable, CustomStringConvertible {
        /// What is wrong, with the file and line.
        let description: String
    }

    /// Name of the page template in `templates/`.
    static let templateName = "page"

    private let library: TemplateLibrary
    /// The pre-built context (exposed for tests and the render benchmark).
    let context: TemplateValue

    /// Loads `<benchDirectory>/templates/*.mustache` and `<benchDirectory>/templates/tenants.tsv`.
    init(benchDirectory: String) throws {
        let templates = benchDirectory + "/templates"
        library = try TemplateLibrary(directory: templates)
        guard library.contains(Self.templateName) else {
            throw LoadError(description: "\(templates): no \(Self.templateName).mustache")
        }
        let tenants = try Self.loadTenants(templates + "/tenants.tsv")
        context = Self.context(tenants: tenants)
    }

    /// Renders the page (about 8.5 KB of HTML).
    func render() -> [UInt8] {
        library.render(Self.templateName, context)
    }

    /// Renders the page, appending to a caller's buffer.
    func render(into output: inout [UInt8]) {
        library.render(Self.templateName, context, into: &output)
    }

    /// One row of tenants.tsv.
    struct Tenant: Sendable, Equatable {
        let id: String
        let name: String
        let plan: String
        let status: String
        let clients: Int
        let sessions: Int
    }

    /// Parses the tab-separated tenant list; `#` lines and blank lines are skipped.
    static func loadTenants(_ path: String) throws -> [Tenant] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LoadError(description: "\(path): cannot read the tenant list")
        }
        var tenants: [Tenant] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6, let clients = Int(fields[4]), let sessions = Int(fields[5]) else {
                throw LoadError(
                    description: "\(path):\(number + 1): expected 6 tab-separated fields (id name plan status clients sessions)")
            }
            tenants.append(
                Tenant(id: fields[0], name: fields[1], plan: fields[2], status: fields[3], clients: clients, sessions: sessions))
        }
        return tenants
    }

    /// The page model of peer-hummingbird's `TenantsPage`, as template values.
    static func context(tenants: [Tenant]) -> TemplateValue {
        let nav: [(href: String, label: String, active: Bool)] = [
            ("/", "Dashboard", false), ("/tenants", "Tenants", true), ("/clients", "Clients", false),
            ("/sessions", "Sessions", false), ("/audit", "Audit log", false), ("/settings", "Settings", false),
        ]
        return [
            "portal": "Admin Portal",
            "build": "bench-1",
            "user": ["name": "Dana O'Neil <ops>", "role": "owner"],
            "nav": .list(nav.map { ["href": .string($0.href), "label": .string($0.label), "active": .bool($0.active)] }),
            "tenants": .list(
                tenants.map {
                    [
                        "id": .string($0.id), "name": .string($0.name), "plan": .string($0.plan), "status": .string($0.status),
                        "clients": .int($0.clients), "sessions": .int($0.sessions),
                    ]
                }),
            "count": .int(tenants.count),
            "totalClients": .int(tenants.reduce(0) { $0 + $1.clients }),
            "totalSessions": .int(tenants.reduce(0) { $0 + $1.sessions }),
        ]
    }
}
