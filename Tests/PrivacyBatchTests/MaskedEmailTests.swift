import PrivacyBatchCore
import Testing

@Suite struct MaskedEmailTests {
    @Test func anAddressKeepsItsFirstCharacterAndDomainOnly() {
        #expect(MaskedEmail.mask("ada.lovelace@example.com") == "a•••@example.com")
        #expect(MaskedEmail.mask("  Ada@Example.com ") == "A•••@Example.com")
        // The last `@` separates the domain: nothing of a quoted local part stays.
        #expect(MaskedEmail.mask("\"a@b\"@example.com") == "\"•••@example.com")
    }

    @Test func textThatIsNoAddressKeepsOneCharacterAndEmptyStaysEmpty() {
        #expect(MaskedEmail.mask("not an address") == "n•••")
        #expect(MaskedEmail.mask("@example.com") == "•••@example.com")
        #expect(MaskedEmail.mask("") == "")
        #expect(MaskedEmail.mask("   ") == "")
    }

    @Test func noMaskHoldsTheLocalPartBeyondItsFirstCharacter() {
        for address in ["barbara.liskov@example.com", "xyz@example.org", "Grace.Hopper+navy@example.co.uk"] {
            let masked = MaskedEmail.mask(address)
            let local = address.split(separator: "@")[0]
            #expect(!masked.contains(local.dropFirst()))
            #expect(masked != address)
        }
    }
}
