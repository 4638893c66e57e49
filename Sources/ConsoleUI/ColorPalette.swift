/// The xterm 256-colour palette, for mapping theme colours onto terminals with 8, 16 or 256 colours.
public enum ColorPalette {
    /// The RGB value of each of the 16 base colours (xterm's defaults).
    private static let base: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The six levels of each channel in the colour cube (indices 16–231).
    private static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The RGB value of a palette index (0…255).
    public static func rgb(ofIndex index: Int) -> (Int, Int, Int) {
        switch index {
        case ..<16:
            return base[max(0, index)]
        case 16..<232:
            let cube = index - 16
            return (cubeLevels[cube / 36], cubeLevels[cube / 6 % 6], cubeLevels[cube % 6])
        default:
            let grey = 8 + 10 * (min(index, 255) - 232)
            return (grey, grey, grey)
        }
    }

    /// The palette index among the first `count` colours that is closest to an RGB value.
    public static func nearest(to color: (Int, Int, Int), among count: Int) -> Int {
        var best = 0
        var bestDistance = Int.max
        for index in 0..<max(1, min(count, 256)) {
            let candidate = rgb(ofIndex: index)
            let dr = candidate.0 - color.0
            let dg = candidate.1 - color.1
            let db = candidate.2 - color.2
            let distance = 3 * dr * dr + 4 * dg * dg + 2 * db * db
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return best
    }
}
