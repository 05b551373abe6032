import Testing

@testable import PortalDomain

@Suite struct ValidatorTests {
    @Test(arguments: ["anna@example.com", "a.b+c@sub.example.co.uk", "x@y.de"])
    func acceptsAddresses(_ email: String) { #expect(Validator.isEmail(email)) }

    @Test(arguments: ["", "anna", "anna@", "@example.com", "anna@example", "an na@example.com", "a@b@c.de", "a@-x.de"])
    func refusesNonAddresses(_ email: String) { #expect(!Validator.isEmail(email)) }

    @Test func collectsEveryFieldMessage() {
        var v = Validator()
        _ = v.text("name", "   ", label: "Name", max: 10)
        _ = v.email("email", "nope")
        _ = v.optionalPhone("phone", "call me")
        _ = v.timeZone("time_zone", "Mars/Olympus")
        _ = v.text("title", String(repeating: "x", count: 11), label: "Title", max: 10)
        #expect(throws: DomainError.self) { try v.finish() }
        #expect(Set(v.errors.keys) == ["name", "email", "phone", "time_zone", "title"])
        #expect(v.errors["name"] == "Name is required")
    }

    @Test func trimsAndAcceptsGoodInput() throws {
        var v = Validator()
        #expect(v.text("name", "  Anna  ", label: "Name", max: 10) == "Anna")
        #expect(v.optionalPhone("phone", " +49 (30) 123-4567 ") == "+49 (30) 123-4567")
        #expect(v.optionalText("notes", "   ", label: "Notes", max: 5) == nil)
        try v.finish()
    }

    @Test func moneyFormatsMinorUnits() {
        #expect(Money(minorUnits: 123_450, currency: "EUR").decimalString == "1234.50")
        #expect(Money(minorUnits: -5, currency: "EUR").decimalString == "-0.05")
        #expect(Money(minorUnits: 500, currency: "JPY").decimalString == "500")
        #expect(Money.isCurrencyCode("EUR") && !Money.isCurrencyCode("eur") && !Money.isCurrencyCode("EURO"))
    }
}
