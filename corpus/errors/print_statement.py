# Python 2 style print statement in a 3.11 program.
name = "world"
print "hello", name
