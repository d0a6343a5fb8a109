// CMemory: the C library's heap controls, behind one function (see include/CMemory.h).
