/// The original cells of one row, exactly one per header column, as a collection of strings.
///
/// The cells are kept as the bytes that were read, in one allocation per row, and become strings only
/// when they are read. Validating a file reads almost none of them (an invalid row's cells go into a
/// report; a valid row's go into the ledger once), so building an array of strings for every row would
/// cost more than reading and validating it. A cell with invalid UTF-8 reads with U+FFFD in place of the
/// bad bytes, as `String(decoding:as:)` does.
///
/// `@unchecked Sendable`: the storage is written once, before any other code can see it, and never
/// changes after; it cannot be declared `Sendable` itself because `ManagedBuffer` is not.
public struct RowCells: @unchecked Sendable, RandomAccessCollection, Equatable, ExpressibleByArrayLiteral,
    CustomStringConvertible
{
    /// The cells' bytes back to back, after the offset where each cell ends; the header is the count.
    final class Storage: ManagedBuffer<Int, UInt8> {
        /// Creates storage for `count` cells whose bytes are `bytes`, with cell `i` ending at `ends(i)`.
        @inline(__always)
        static func make(
            count: Int, bytes: UnsafeBufferPointer<UInt8>, ends: (Int) -> Int
        ) -> Storage {
            let endsSize = count * MemoryLayout<Int>.stride
            let buffer = Storage.create(minimumCapacity: endsSize + bytes.count) { _ in count }
            buffer.withUnsafeMutablePointerToElements { elements in
                let raw = UnsafeMutableRawPointer(elements)
                for index in 0..<count {
                    raw.storeBytes(of: ends(index), toByteOffset: index * MemoryLayout<Int>.stride, as: Int.self)
                }
                if let source = bytes.baseAddress, bytes.count > 0 {
                    (elements + endsSize).update(from: source, count: bytes.count)
                }
            }
            // `create` returns the dynamic type, so the downcast cannot fail.
            return unsafeDowncast(buffer, to: Storage.self)
        }

        /// Where cell `index` starts and ends in the cells' bytes, all cells back to back.
        @inline(__always)
        func bounds(ofCell index: Int) -> Range<Int> {
            withUnsafeMutablePointerToElements { elements in
                let raw = UnsafeRawPointer(elements)
                let stride = MemoryLayout<Int>.stride
                let start = index == 0 ? 0 : raw.loadUnaligned(fromByteOffset: (index - 1) * stride, as: Int.self)
                return start..<raw.loadUnaligned(fromByteOffset: index * stride, as: Int.self)
            }
        }

        /// Calls `body` with the bytes `range` of the cells' bytes; `range` must lie inside them.
        @inline(__always)
        func withBytes<Result>(in range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            withUnsafeMutablePointers { count, elements in
                let bytes = UnsafePointer(elements) + count.pointee * MemoryLayout<Int>.stride
                return body(UnsafeBufferPointer(start: bytes + range.lowerBound, count: range.count))
            }
        }

        /// Calls `body` with the bytes of cell `index` as a span, the view code outside the reader gets.
        @inline(__always)
        func withCellSpan<Result>(_ index: Int, _ body: (Span<UInt8>) -> Result) -> Result {
            withBytes(in: bounds(ofCell: index)) { body(Span(_unsafeElements: $0)) }
        }
    }

    let storage: Storage

    init(storage: Storage) {
        self.storage = storage
    }

    /// Creates cells holding these strings.
    public init(_ cells: some Sequence<String>) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for cell in cells {
            bytes.append(contentsOf: cell.utf8)
            ends.append(bytes.count)
        }
        storage = bytes.withUnsafeBufferPointer { Storage.make(count: ends.count, bytes: $0, ends: { ends[$0] }) }
    }

    /// Creates cells holding these strings.
    public init(arrayLiteral cells: String...) {
        self.init(cells)
    }

    /// The first index, 0.
    public var startIndex: Int { 0 }

    /// The number of cells.
    public var endIndex: Int { storage.header }

    /// Cell `index` as a string.
    public subscript(index: Int) -> String {
        precondition(index >= 0 && index < storage.header, "cell index out of range")
        return storage.withBytes(in: storage.bounds(ofCell: index)) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes of cell `index`, without building a string.
    ///
    /// A span rather than a pointer: every read is bounds-checked, and the span cannot outlive the call,
    /// so code outside the reader reads the row's bytes without pointers.
    package func withBytes<Result>(of index: Int, _ body: (Span<UInt8>) -> Result) -> Result {
        precondition(index >= 0 && index < storage.header, "cell index out of range")
        return storage.withCellSpan(index, body)
    }

    /// The bytes `range` of cell `index` (numbered as the cell's span numbers them) as a string.
    func string(of index: Int, bytes range: Range<Int>) -> String {
        storage.withBytes(in: byteRange(of: index, bytes: range)) { String(decoding: $0, as: UTF8.self) }
    }

    /// Where the bytes `range` of cell `index` lie in the cells' bytes, all cells back to back; traps
    /// unless the cell exists and holds them.
    func byteRange(of index: Int, bytes range: Range<Int>) -> Range<Int> {
        precondition(index >= 0 && index < storage.header, "cell index out of range")
        let cell = storage.bounds(ofCell: index)
        precondition(range.lowerBound >= 0 && range.upperBound <= cell.count, "bytes outside the cell")
        return (cell.lowerBound + range.lowerBound)..<(cell.lowerBound + range.upperBound)
    }

    /// The cells as an array of strings.
    public var strings: [String] { Array(self) }

    /// The cells as an array literal, for tests and debugging output.
    public var description: String { strings.description }

    /// Whether both hold the same strings, cell by cell.
    public static func == (lhs: RowCells, rhs: RowCells) -> Bool {
        lhs.storage === rhs.storage || lhs.elementsEqual(rhs)
    }
}
