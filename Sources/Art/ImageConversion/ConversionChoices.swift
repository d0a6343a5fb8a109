/// Where colours are averaged when many pixels become one cell colour.
public enum Averaging: String, Sendable, CaseIterable {
    /// In linear light (gamma-correct): a fine black-and-white pattern averages to the grey
    /// that emits the same light. The default.
    case linear
    /// On the stored sRGB values, as most image tools do: darker where light and dark mix.
    case srgb
}

/// How palette colours are chosen in 16-colour mode.
public enum ColorChoice: String, Sendable, CaseIterable {
    /// Only entries near some region's mean colour: hues stay true (a grey wheel stays
    /// grey). The default, and what the pet's frames use.
    case faithful
    /// Any of the 16 entries, for the most light/dark structure (higher SSIM, but colours
    /// can turn garish, e.g. a dark grey tyre drawn red).
    case contrast
}
