# Assigning to a function call in the main program.
def current_user():
    return "ann"


current_user() = "bob"
