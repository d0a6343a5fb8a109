import FuzzDriver
import FuzzEntryPoints

runFuzzer(.translatorResponse)
