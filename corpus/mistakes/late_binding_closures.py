buttons = []
for label in ["red", "green", "blue"]:
    buttons.append(lambda: "clicked " + label)
print("buggy:", [b() for b in buttons])

buttons = []
for label in ["red", "green", "blue"]:
    buttons.append(lambda label=label: "clicked " + label)
print("fixed:", [b() for b in buttons])
