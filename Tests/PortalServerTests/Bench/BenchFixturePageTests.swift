import Foundation
import Testing

@testable import PortalServer

@Suite struct BenchFixturePageTests {
    static let benchDirectory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path + "/../shared/bench"
    }()

    @Test func rendersByteIdenticalToThePeersPage() throws {
        let page = try BenchFixturePage(benchDirectory: Self.benchDirectory)
        let expected = try #require(FileManager.default.contents(atPath: Self.benchDirectory + "/public/page.html"))
        let first = page.render()
        #expect(first.count == 8464)
        #expect(first == [UInt8](expected))
        // Rendered anew each time, and identical every time.
        #expect(page.render() == first)
    }

    @Test func renderAppendsToACallersBuffer() throws {
        let page = try BenchFixturePage(benchDirectory: Self.benchDirectory)
        var buffer = Array("HTTP/1.1 200 OK\r\n\r\n".utf8)
        page.render(into: &buffer)
        #expect(buffer.count == 19 + 8464)
    }

    @Test func loadsFiftyTenantsWithTotals() throws {
        let tenants = try BenchFixturePage.loadTenants(Self.benchDirectory + "/templates/tenants.tsv")
        #expect(tenants.count == 50)
        #expect(
            tenants[1]
                == .init(id: "t-002", name: "Globex & Partners", plan: "Business", status: "active", clients: 22, sessions: 514))
        let context = BenchFixturePage.context(tenants: tenants)
        #expect(context["count"]?.text == "50")
        #expect(context["totalClients"]?.text == "954")
    }

    @Test func rejectsAMalformedTenantLine() throws {
        let directory = NSTemporaryDirectory() + "bench-fixture-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "t-1\tAcme\tTeam\tactive\tmany\t3\n".write(toFile: directory + "/tenants.tsv", atomically: true, encoding: .utf8)
        #expect(throws: BenchFixturePage.LoadError.self) { try BenchFixturePage.loadTenants(directory + "/tenants.tsv") }
    }
}
