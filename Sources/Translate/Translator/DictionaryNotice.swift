/// The licence notices of the data the offline dictionary is built from. MIT and BSD
/// require them to travel with the data, so `--help` and the About text show them, and the
/// install script copies the full texts next to the index (LICENSES/ in the repository).
public enum DictionaryNotice {
    /// One paragraph naming every source and its licence.
    public static let text = """
        Offline dictionary data:
          ECDICT, the English→Chinese dictionary: MIT License,
            Copyright (c) 2025 Linwei, https://github.com/skywind3000/ECDICT
            (installed from the PyPI package en2cn 0.40).
          CMUdict, the CMU Pronouncing Dictionary (IPA phonetics): BSD-style,
            Copyright (C) 1993-2015 Carnegie Mellon University (cmudict 1.1.3).
          pypinyin's pinyin tables: MIT License,
            Copyright (c) 2016 mozillazg, 闲耘 (pypinyin 0.55.0).
        Full licence texts: LICENSES/ in the source tree, and next to the index.
        """

    /// ECDICT's MIT licence, in full.
    public static let ecdictLicense = """
        MIT License

        Copyright (c) 2025 Linwei

        Permission is hereby granted, free of charge, to any person obtaining a copy
        of this software and associated documentation files (the "Software"), to deal
        in the Software without restriction, including without limitation the rights
        to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
        copies of the Software, and to permit persons to whom the Software is
        furnished to do so, subject to the following conditions:

        The above copyright notice and this permission notice shall be included in all
        copies or substantial portions of the Software.

        THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
        OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
        SOFTWARE.
        """
}
