import Testing
import TOMLPrecheck

/// TOML v1.0.0, sections "Array", "Table", "Inline Table" and "Array of Tables".
@Suite struct TOMLSpecTableTests {
    // MARK: Array

    /// "Arrays are square brackets with values inside. Whitespace is ignored. Elements are
    /// separated by commas. Arrays can contain values of the same data types as allowed in
    /// key/value pairs. Values of different types may be mixed."
    @Test func arrays() {
        expectValid("""
            integers = [ 1, 2, 3 ]
            colors = [ "red", "yellow", "green" ]
            nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]
            nested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]
            string_array = [ "all", 'strings', \"\"\"are the same\"\"\", '''type''' ]

            # Mixed-type arrays are allowed
            numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]
            contributors = [
              "Foo Bar <foo@example.com>",
              { name = "Baz Qux", email = "bazqux@example.com", url = "https://example.com/bazqux" }
            ]
            """, [
                "integers": "[1, 2, 3]", "colors": "[\"red\", \"yellow\", \"green\"]",
                "nested_arrays_of_ints": "[[1, 2], [3, 4, 5]]", "nested_mixed_array": "[[1, 2], [\"a\", \"b\", \"c\"]]",
                "string_array": "[\"all\", \"strings\", \"are the same\", \"type\"]",
                "numbers": "[0.1, 0.2, 0.5, 1, 2, 5]",
                "contributors": "[\"Foo Bar <foo@example.com>\", {email = \"bazqux@example.com\", name = \"Baz Qux\", url = \"https://example.com/bazqux\"}]",
            ])
        expectValid("empty = [ ]\nempty2 = []", ["empty": "[]", "empty2": "[]"])
        expectInvalid("a = [1 2]", at: 1, 8, "expected ',' or ']' after an array element, found '2'")
        expectInvalid("a = [,]", at: 1, 6, "expected a value")
        expectInvalid("a = [1,,2]", at: 1, 8, "expected a value")
        expectInvalid("a = [1, 2", at: 1, 5, "the array opened here is never closed with ']'")
        expectInvalid("a = [1, 2 # the rest is a comment ]", at: 1, 5, "never closed")
        expectInvalid("a = [1, 2}", at: 1, 10, "expected ',' or ']' after an array element, found '}'")
    }

    /// "Arrays can span multiple lines. A terminating comma (also called a trailing comma) is
    /// permitted after the last value of the array. Any number of newlines and comments may
    /// precede values, commas, and the closing bracket."
    @Test func multiLineArrays() {
        expectValid("""
            integers2 = [
              1, 2, 3
            ]

            integers3 = [
              1,
              2, # this is ok
            ]
            """, ["integers2": "[1, 2, 3]", "integers3": "[1, 2]"])
        expectValid("a = [ # first\n\n  1 # one\n  # between\n  , # comma\n  2\r\n  ,\n]", ["a": "[1, 2]"])
    }

    /// Arrays and inline tables nest deeply enough for any config, and no deeper than this
    /// checker (and toml++, which stops at 256) can follow.
    @Test func nestingIsBounded() {
        let limit = 128
        expectValid("a = " + String(repeating: "[", count: limit) + String(repeating: "]", count: limit))
        expectInvalid("a = " + String(repeating: "[", count: limit + 1), at: 1, 4 + limit + 1, "nest at most 128 deep")
        expectInvalid("a = " + String(repeating: "{b=", count: limit + 1), at: 1, 4 + 3 * limit + 1, "nest at most 128 deep")
    }

    // MARK: Table

    /// "They are defined by headers, with square brackets on a line by themselves."
    @Test func tableHeaders() {
        expectValid("[table]", ["table": "{}"])
        expectValid("""
            [table-1]
            key1 = "some string"
            key2 = 123

            [table-2]
            key1 = "another string"
            key2 = 456
            """, ["table-1.key1": "\"some string\"", "table-2.key2": "456"])
        expectInvalid("[a] b = 1", at: 1, 5, "expected the end of the line, found 'b'")
        expectInvalid("[a", at: 1, 3, "expected '.' or ']' after the key in a table header, found the end of the file")
        expectInvalid("[]", at: 1, 2, "a table header must start with a key")
        expectInvalid("[a.]", at: 1, 4, "expected a key after '.'")
        expectInvalid("[a b]", at: 1, 4, "a name with spaces needs quotes")
        expectInvalid("[a]]", at: 1, 4, "expected the end of the line, found ']'")
    }

    /// "Naming rules for tables are the same as for keys (see definition of Keys above)."
    @Test func tableNames() {
        expectValid("[dog.\"tater.man\"]\ntype.name = \"pug\"", ["dog.tater.man.type.name": "\"pug\""])
        expectInvalid("[dog.\"\"\"x\"\"\"]", at: 1, 6, "a key cannot be a multi-line string")
        expectInvalid("[a.ʞ]", at: 1, 4, "expected a key after '.'")
    }

    /// "Whitespace around the key is ignored. However, best practice is to not use any
    /// extraneous whitespace."
    @Test func whitespaceInHeaders() {
        expectValid("""
            [a.b.c]            # this is best practice
            [ d.e.f ]          # same as [d.e.f]
            [ g .  h  . i ]    # same as [g.h.i]
            [ j . "ʞ" . 'l' ]  # same as [j."ʞ".'l']
            """, ["a.b.c": "{}", "d.e.f": "{}", "g.h.i": "{}", "j.ʞ.l": "{}"])
        expectValid("  [indented]\n  key = 1", ["indented.key": "1"])
    }

    /// "You don't need to specify all the super-tables if you don't want to. TOML knows how to
    /// do it for you."
    @Test func superTables() {
        expectValid("""
            # [x] you
            # [x.y] don't
            # [x.y.z] need these
            [x.y.z.w] # for this to work

            [x] # defining a super-table afterward is ok
            """, ["x.y.z.w": "{}"])
    }

    /// "Like keys, you cannot define a table more than once. Doing so is invalid." — semantics,
    /// which toml++ reports.
    @Test func tablesDefinedTwiceAreLeftToTOMLKit() {
        expectRefusedByTOMLKit("# DO NOT DO THIS\n\n[fruit]\napple = \"red\"\n\n[fruit]\norange = \"orange\"\n")
        expectRefusedByTOMLKit("# DO NOT DO THIS EITHER\n\n[fruit]\napple = \"red\"\n\n[fruit.apple]\ntexture = \"smooth\"\n")
    }

    /// "Defining tables out-of-order is discouraged." / "The top-level table, also called the
    /// root table, starts at the beginning of the document and ends just before the first
    /// table header (or EOF)."
    @Test func tableOrderAndTheRootTable() {
        expectValid("# VALID BUT DISCOURAGED\n[fruit.apple]\n[animal]\n[fruit.orange]\n", ["animal": "{}"])
        expectValid("# RECOMMENDED\n[fruit.apple]\n[fruit.orange]\n[animal]\n", ["fruit.orange": "{}"])
        expectValid("""
            # Top-level table begins.
            name = "Fido"
            breed = "pug"

            # Top-level table ends.
            [owner]
            name = "Regina Dogman"
            member_since = 1999-08-04
            """, ["name": "\"Fido\"", "owner.name": "\"Regina Dogman\"", "owner.member_since": "1999-08-04"])
    }

    /// "Dotted keys create and define a table for each key part before the last one, provided
    /// that such tables were not previously created." / "The [table] form can, however, be used
    /// to define sub-tables within tables defined via dotted keys."
    @Test func dottedKeysAndHeaders() {
        expectValid("""
            fruit.apple.color = "red"
            # Defines a table named fruit
            # Defines a table named fruit.apple

            fruit.apple.taste.sweet = true
            # Defines a table named fruit.apple.taste
            # fruit and fruit.apple were already created
            """, ["fruit.apple.color": "\"red\"", "fruit.apple.taste.sweet": "true"])
        expectValid("""
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            # [fruit.apple]  # INVALID
            # [fruit.apple.taste]  # INVALID

            [fruit.apple.texture]  # you can add sub-tables
            smooth = true
            """, ["fruit.apple.texture.smooth": "true"])
        expectRefusedByTOMLKit("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n\n[fruit.apple]  # INVALID\n")
        expectRefusedByTOMLKit("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n\n[fruit.apple.taste]  # INVALID\n")
    }

    // MARK: Inline Table

    /// "Inline tables are fully defined within curly braces: { and }. Within the braces, zero
    /// or more comma-separated key/value pairs may appear. Key/value pairs take the same form
    /// as key/value pairs in standard tables. All value types are allowed, including inline
    /// tables."
    @Test func inlineTables() {
        expectValid("""
            name = { first = "Tom", last = "Preston-Werner" }
            point = { x = 1, y = 2 }
            animal = { type.name = "pug" }
            """, ["name.first": "\"Tom\"", "name.last": "\"Preston-Werner\"", "point.x": "1", "point.y": "2", "animal.type.name": "\"pug\""])
        expectValid("""
            [name]
            first = "Tom"
            last = "Preston-Werner"

            [point]
            x = 1
            y = 2

            [animal]
            type.name = "pug"
            """, ["name.first": "\"Tom\"", "point.y": "2", "animal.type.name": "\"pug\""])
        expectValid("empty = {}\nnested = { a = { b = [ { c = 1 } ] } }", ["nested.a.b": "[{c = 1}]"])
        expectInvalid("a = { b = 1 c = 2 }", at: 1, 13, "expected ',' or '}' in the inline table, found 'c'")
        expectInvalid("a = { b = 1, , c = 2 }", at: 1, 14, "expected a key")
        expectInvalid("a = { = 1 }", at: 1, 7, "a key/value pair needs a key before '='")
        expectInvalid("a = { b }", at: 1, 9, "expected '.' or '=' after the key, found '}'")
        expectInvalid("a = { b = 1", at: 1, 5, "the inline table opened here is never closed with '}'")
    }

    /// "Inline tables are intended to appear on a single line. A terminating comma (also called
    /// trailing comma) is not permitted after the last key/value pair in an inline table. No
    /// newlines are allowed between the curly braces unless they are valid within a value."
    @Test func inlineTablesStayOnOneLine() {
        expectInvalid("a = { b = 1, }", at: 1, 14, "an inline table cannot end with a comma")
        expectInvalid("a = { b = 1,\n  c = 2 }", at: 1, 13, "an inline table must stay on one line")
        expectInvalid("a = {\n}", at: 1, 6, "an inline table must stay on one line")
        expectInvalid("a = { b = 1 # comment\n}", at: 1, 13, "an inline table cannot contain a comment")
        expectValid("a = { s = \"\"\"two\nlines\"\"\", list = [\n  1, # a comment inside the array\n  2,\n] }",
                    ["a.s": "\"two\nlines\"", "a.list": "[1, 2]"])
    }

    /// "Inline tables are fully self-contained and define all keys and sub-tables within them.
    /// Keys and sub-tables cannot be added outside the braces." / "Similarly, inline tables
    /// cannot be used to add keys or sub-tables to an already-defined table." — semantics.
    @Test func inlineTablesAreSelfContained() {
        expectValid("[product]\ntype = { name = \"Nail\" }\n# type.edible = false  # INVALID\n", ["product.type.name": "\"Nail\""])
        expectRefusedByTOMLKit("[product]\ntype = { name = \"Nail\" }\ntype.edible = false  # INVALID\n")
        expectValid("[product]\ntype.name = \"Nail\"\n# type = { edible = false }  # INVALID\n", ["product.type.name": "\"Nail\""])
        expectRefusedByTOMLKit("[product]\ntype.name = \"Nail\"\ntype = { edible = false }  # INVALID\n")
    }

    // MARK: Array of Tables

    /// "These can be expressed by using a header with a name in double brackets. The first
    /// instance of that header defines the array and its first table element, and each
    /// subsequent instance creates and defines a new table element in that array."
    @Test func arraysOfTables() {
        expectValid("""
            [[products]]
            name = "Hammer"
            sku = 738594937

            [[products]]  # empty table within the array

            [[products]]
            name = "Nail"
            sku = 284758393

            color = "gray"
            """, ["products": "[{name = \"Hammer\", sku = 738594937}, {}, {color = \"gray\", name = \"Nail\", sku = 284758393}]"])
        expectInvalid("[[a]", at: 1, 5, "an array-of-tables header must end with ']]', found the end of the file")
        expectInvalid("[[a] ]", at: 1, 5, "an array-of-tables header must end with ']]', found a space")
        expectInvalid("[ [a]]", at: 1, 3, "a table header must start with a key")
        expectInvalid("[[]]", at: 1, 3, "a table header must start with a key")
    }

    /// "Any reference to an array of tables points to the most recently defined table element
    /// of the array. This allows you to define sub-tables, and even sub-arrays of tables,
    /// inside the most recent table."
    @Test func subTablesOfArraysOfTables() {
        expectValid("""
            [[fruits]]
            name = "apple"

            [fruits.physical]  # subtable
            color = "red"
            shape = "round"

            [[fruits.varieties]]  # nested array of tables
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"


            [[fruits]]
            name = "banana"

            [[fruits.varieties]]
            name = "plantain"
            """, ["fruits": "[{name = \"apple\", physical = {color = \"red\", shape = \"round\"}, varieties = [{name = \"red delicious\"}, {name = \"granny smith\"}]}, {name = \"banana\", varieties = [{name = \"plantain\"}]}]"])
    }

    /// "If the parent of a table or array of tables is an array element, that element must
    /// already have been defined before the child can be defined." / "Attempting to append to
    /// a statically defined array, even if that array is empty, must produce an error at parse
    /// time." / "Attempting to define a normal table with the same name as an already
    /// established array must produce an error at parse time." — semantics, which toml++
    /// reports.
    @Test func invalidArraysOfTablesAreLeftToTOMLKit() {
        expectRefusedByTOMLKit("""
            # INVALID TOML DOC
            [fruit.physical]  # subtable, but to which parent element should it belong?
            color = "red"
            shape = "round"

            [[fruit]]  # parser must throw an error upon discovering that "fruit" is
                       # an array rather than a table
            name = "apple"
            """)
        expectRefusedByTOMLKit("# INVALID TOML DOC\nfruits = []\n\n[[fruits]] # Not allowed\n")
        expectRefusedByTOMLKit("""
            # INVALID TOML DOC
            [[fruits]]
            name = "apple"

            [[fruits.varieties]]
            name = "red delicious"

            # INVALID: This table conflicts with the previous array of tables
            [fruits.varieties]
            name = "granny smith"
            """)
        expectRefusedByTOMLKit("""
            [[fruits]]
            [fruits.physical]
            color = "red"
            shape = "round"

            # INVALID: This array of tables conflicts with the previous table
            [[fruits.physical]]
            color = "green"
            """)
    }

    /// "You may also use inline tables where appropriate"
    @Test func inlineTablesInArrays() {
        expectValid("""
            points = [ { x = 1, y = 2, z = 3 },
                       { x = 7, y = 8, z = 9 },
                       { x = 2, y = 4, z = 8 } ]
            """, ["points": "[{x = 1, y = 2, z = 3}, {x = 7, y = 8, z = 9}, {x = 2, y = 4, z = 8}]"])
    }
}
