import sys

code = sys._getframe().f_code
print("co_name:", code.co_name)
print("co_qualname:", code.co_qualname)
print("co_argcount:", code.co_argcount)
print("co_firstlineno:", code.co_firstlineno)
print("co_varnames:", code.co_varnames)
print("co_freevars:", code.co_freevars, "co_cellvars:", code.co_cellvars)
