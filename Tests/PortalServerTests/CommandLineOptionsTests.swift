import Testing

@testable import PortalServer

@Suite struct CommandLineOptionsTests {
    @Test func flagsThenEnvironmentThenDefault() throws {
        let env = ["PORTAL_PORT": "9000", "PORTAL_BIND": "0.0.0.0"]
        let options = try CommandLineOptions(
            ["--port", "8443", "--dev", "--data-dir=/tmp/x", "extra"], valueOptions: ["port", "bind", "data-dir"],
            flagOptions: ["dev"], environment: env)
        #expect(try options.int("port", env: "PORTAL_PORT", default: 1, range: 1...65535) == 8443)
        #expect(options.string("bind", env: "PORTAL_BIND") == "0.0.0.0")
        #expect(options.string("data-dir") == "/tmp/x")
        #expect(options.flag("dev"))
        #expect(options.positionals == ["extra"])
    }

    @Test func rejectsUnknownAndBadValues() throws {
        #expect(throws: UsageError.self) {
            try CommandLineOptions(["--prot", "1"], valueOptions: ["port"], flagOptions: [], environment: [:])
        }
        #expect(throws: UsageError.self) {
            try CommandLineOptions(["--port"], valueOptions: ["port"], flagOptions: [], environment: [:])
        }
        let options = try CommandLineOptions(["--port", "70000"], valueOptions: ["port"], flagOptions: [], environment: [:])
        #expect(throws: UsageError.self) { try options.int("port", default: 1, range: 1...65535) }
    }

    @Test func unknownCommandIsUsageError() {
        #expect(PortalMain.run(["nope"]) == 2)
        #expect(PortalMain.run(["version"]) == 0)
    }
}
