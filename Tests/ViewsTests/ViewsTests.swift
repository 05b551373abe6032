import Testing

@testable import Views

@Suite struct ViewsSmokeTests {
    @Test func engineIsNamed() { #expect(!Views.engineName.isEmpty) }
}
