import PrivacyBatchLedger

extension RecordKeyring {
    /// Prints what the keyring has to tell (a key created and where, a key that no longer matches) on stderr.
    func printNotes() {
        for note in takeNotes() { Console.note(note) }
    }
}
