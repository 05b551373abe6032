import Testing

@testable import PortalServer

@Suite struct VersionTests {
    @Test func versionIsSemantic() {
        #expect(PortalVersion.current.split(separator: ".").count == 3)
    }
}
