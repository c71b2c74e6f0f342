# A compound statement header without its colon (a comment follows on the line).
limit = 3
if limit > 2  # too many?
    print("over the limit")
