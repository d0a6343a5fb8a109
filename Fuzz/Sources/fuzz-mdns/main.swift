import FuzzDriver
import FuzzEntryPoints

runFuzzer(.mdns)
