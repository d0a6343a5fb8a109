import ArgumentParser
import FileIO
import Frames
import ImageConversion
import ImageDecoding
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tachikoma convert`: PNG/GIF art → frame files (Assets/FORMAT.md), or a preview.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert PNG/GIF art into frame files.",
        discussion: """
        Each INPUT (PNG or GIF) becomes one animation. With one input, OUTPUT is the frame \
        file to write; with several (or when OUTPUT is a directory), OUTPUT is a directory \
        and each animation is written there as NAME.frames. --sequence joins all inputs, in \
        order, into one animation instead (a PNG sequence). Without --mode the file holds \
        every mode. --preview prints the first frame as ANSI text instead of writing.
        """
    )

    @Argument(help: "PNG or GIF files.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Frame file (one input) or directory (several).")
    var output: String?

    @Option(help: "Width in terminal columns.")
    var cols: Int?

    @Option(help: "Height in terminal rows (each row holds two pixel rows).")
    var rows: Int?

    @Option(name: .long, help: "Render mode: truecolor, 256, 16, ascii-color or ascii (repeatable; default all).")
    var mode: [String] = []

    @Option(help: "Block symbols: half, block (halves, quadrants, eighths), sextant or all.")
    var symbols: String = "block"

    @Option(help: "Average colours in `linear` light (gamma-correct, the default) or on `srgb` values.")
    var averaging: String = "linear"

    @Option(help: "16-colour choice: `faithful` hues (default) or `contrast` (any colour, sharper structure).")
    var colors: String = "faithful"

    @Option(help: "Animation name (default: the input's file name without extension).")
    var name: String?

    @Flag(help: "Join all inputs into one animation, one frame per PNG / all frames of each GIF.")
    var sequence = false

    @Flag(help: "Print the first frame as ANSI text to stdout instead of writing files.")
    var preview = false

    func validate() throws {
        if let cols, !(1...FrameFileParser.maxSide).contains(cols) { throw ValidationError("--cols must be 1...\(FrameFileParser.maxSide)") }
        if let rows, !(1...FrameFileParser.maxSide).contains(rows) { throw ValidationError("--rows must be 1...\(FrameFileParser.maxSide)") }
        if !preview && output == nil { throw ValidationError("give -o OUTPUT, or --preview") }
        _ = try modes()
        guard ColorChoice(rawValue: colors) != nil else { throw ValidationError("--colors is faithful or contrast") }
        guard Averaging(rawValue: averaging) != nil else { throw ValidationError("--averaging is linear or srgb") }
        guard SymbolSet(rawValue: symbols) != nil, symbols != "ascii" else {
            throw ValidationError("--symbols is half, block, sextant or all")
        }
    }

    private func modes() throws -> [RenderMode] {
        let names = mode.flatMap { $0.split(separator: ",").map(String.init) }
        if names.isEmpty || names == ["all"] { return preview ? [.truecolor] : RenderMode.allCases }
        return try names.map { name in
            let alias = ["true": "truecolor", "24bit": "truecolor", "ansi256": "256", "ansi16": "16", "ascii-colour": "ascii-color"]
            guard let m = RenderMode(rawValue: alias[name] ?? name) else {
                throw ValidationError("unknown mode `\(name)`: use truecolor, 256, 16, ascii-color or ascii")
            }
            return m
        }
    }

    func run() throws {
        let modes = try modes()
        let symbolSet = SymbolSet(rawValue: symbols) ?? .block
        let space = Averaging(rawValue: averaging) ?? .linear
        let choice = ColorChoice(rawValue: colors) ?? .faithful
        var jobs: [(name: String, sequence: ImageSequence)] = []
        do {
            if sequence {
                var frames: [ImageSequence.Frame] = []
                for input in inputs { frames += try ImageLoader.load(input).frames }
                jobs.append((name ?? ConvertCommand.baseName(inputs[0]), ImageSequence(frames: frames)))
            } else {
                for input in inputs {
                    jobs.append((inputs.count == 1 ? (name ?? ConvertCommand.baseName(input)) : ConvertCommand.baseName(input),
                                 try ImageLoader.load(input)))
                }
            }
        } catch {
            throw ConvertFailure("\(error)")
        }

        if preview {
            let first = jobs[0].sequence.frames[0].image
            let grid = ImageConverter.gridSize(for: first, columns: cols, rows: rows)
            let frame = ImageConverter.frame(from: first, columns: grid.columns, rows: grid.rows,
                                             mode: modes[0], symbols: symbolSet, averaging: space,
                                             colorChoice: choice)
            print(frame.ansiText(), terminator: "")
            return
        }

        guard let output else { return }
        let toDirectory = jobs.count > 1 || ConvertCommand.isDirectory(output)
        if toDirectory && !ConvertCommand.isDirectory(output) && mkdir(output, 0o755) != 0 {
            throw ConvertFailure("cannot create the directory \(output): \(String(cString: strerror(errno)))")
        }
        let interactive = isatty(2) != 0
        for job in jobs {
            let first = job.sequence.frames[0].image
            let grid = ImageConverter.gridSize(for: first, columns: cols, rows: rows)
            let animation = ImageConverter.animation(
                from: job.sequence, name: ConvertCommand.sanitized(job.name), columns: grid.columns, rows: grid.rows,
                modes: modes, symbols: symbolSet, averaging: space, colorChoice: choice
            ) { done, total in
                if interactive {
                    ConvertCommand.stderr("\rconverting \(job.name): \(done)/\(total) frames")
                }
            }
            let path = toDirectory ? output + "/" + ConvertCommand.sanitized(job.name) + ".frames" : output
            try ConvertCommand.write(animation.frameFileText, to: path)
            ConvertCommand.stderr("\(interactive ? "\r\u{1B}[K" : "")wrote \(path) (\(grid.columns)x\(grid.rows), \(job.sequence.frames.count) frames, modes \(modes.map(\.rawValue).joined(separator: " ")))\n")
        }
    }

    static func baseName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = file.lastIndex(of: "."), dot != file.startIndex { return String(file[..<dot]) }
        return file
    }

    static func sanitized(_ name: String) -> String {
        let cleaned = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
        return cleaned.isEmpty ? "animation" : cleaned
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func stderr(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// Writes `text` to `path` atomically, so a failed write never leaves half a frame file.
    static func write(_ text: String, to path: String) throws {
        do throws(FileWriteError) {
            try AtomicFile.replace(path, with: Array(text.utf8))
        } catch {
            throw ConvertFailure("\(error)")
        }
    }
}

/// A conversion error already phrased for the user (file and reason).
struct ConvertFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
