import Foundation

/// Looks for shoppers' emails in every byte of a reports folder: what "keep proof, not personal data" promises.
public enum PersonalDataScan {
    /// Every regular file under `folder`, the sandbox's (`.sandbox/`, which stands for the API's own side) left
    /// out.
    public static func files(under folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var found: [String] = []
        while let name = enumerator?.nextObject() as? String {
            guard !name.hasPrefix(".sandbox") else { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(path)
            }
        }
        return found
    }

    /// Each `(email, file)` where a file under `folder` holds one of `emails` in its raw bytes, compared as written
    /// and with both sides lower-cased (ASCII), so `Ada@Example.com` in a file is found for `ada@example.com`.
    public static func findings(of emails: [String], under folder: String) throws -> [(email: String, file: String)] {
        var found: [(email: String, file: String)] = []
        for file in files(under: folder) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            let lowered = Data(bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 })
            for email in emails {
                let exact = Data(email.utf8)
                let lower = Data(email.lowercased().utf8)
                if bytes.range(of: exact) != nil || lowered.range(of: lower) != nil { found.append((email, file)) }
            }
        }
        return found
    }

    /// The cells of column `column` of the CSV file at `path` that look like addresses (hold an `@`), as written:
    /// the emails a test's input holds.
    public static func emails(inColumn column: Int, of path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard column < cells.count else { return nil }
            let cell = cells[column].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            return cell.contains("@") ? cell : nil
        }
    }
}
