import FuzzDriver
import FuzzEntryPoints

runFuzzer(.irc)
