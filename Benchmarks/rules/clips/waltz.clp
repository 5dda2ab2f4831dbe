;;; Waltz line labelling (the OPS5 benchmark) for CLIPS, written for this repository from the
;;; published description: duplicate each line into two directed edges, find the junctions (L,
;;; and by the angles between three edges: tee, fork or arrow), label two boundary junctions, let
;;; the labels spread through the junction constraints, then plot every edge.
;;; Points are encoded as x * 100 + y. Facts: ../../../shared/bench/rules/data/waltz*.fct.

(defglobal ?*PI* = 3.1415927)

(deftemplate stage (slot value))
(deftemplate line (slot p1) (slot p2))
(deftemplate edge (slot p1) (slot p2) (slot joined) (slot label) (slot plotted))
(deftemplate junction (slot p1) (slot p2) (slot p3) (slot base_point) (slot type))

(deffunction point_x (?point) (div ?point 100))
(deffunction point_y (?point) (mod ?point 100))

;;; The direction from ?from to ?to, in radians.
(deffunction angle (?from ?to)
  (bind ?dx (- (point_x ?to) (point_x ?from)))
  (bind ?dy (- (point_y ?to) (point_y ?from)))
  (if (= ?dx 0) then (if (> ?dy 0) then (return (/ ?*PI* 2)) else (return (- 0 (/ ?*PI* 2)))))
  (if (= ?dy 0) then (if (> ?dx 0) then (return 0.0) else (return ?*PI*)))
  (bind ?a (atan (/ ?dy ?dx)))
  (if (> ?dx 0) then ?a else (if (>= ?dy 0) then (+ ?a ?*PI*) else (- ?a ?*PI*))))

;;; The angle between the edges from ?base to ?a and to ?b (0 .. pi).
(deffunction between (?base ?a ?b)
  (bind ?d (abs (- (angle ?base ?a) (angle ?base ?b))))
  (if (> ?d ?*PI*) then (bind ?d (- (* 2 ?*PI*) ?d)))
  ?d)

;;; Classifies three edges meeting at ?base: the shaft is the edge whose two angles to the others
;;; sum least; a sum of pi is a tee, more a fork, less an arrow. Returns (type barb1 shaft barb2).
(deffunction classify (?base ?p1 ?p2 ?p3)
  (bind ?a12 (between ?base ?p1 ?p2))
  (bind ?a13 (between ?base ?p1 ?p3))
  (bind ?a23 (between ?base ?p2 ?p3))
  (bind ?s1 (+ ?a12 ?a13))
  (bind ?s2 (+ ?a12 ?a23))
  (bind ?s3 (+ ?a13 ?a23))
  (if (< ?s1 ?s2)
   then (if (< ?s1 ?s3) then (bind ?sum ?s1) (bind ?order (create$ ?p2 ?p1 ?p3))
                        else (bind ?sum ?s3) (bind ?order (create$ ?p1 ?p3 ?p2)))
   else (if (< ?s2 ?s3) then (bind ?sum ?s2) (bind ?order (create$ ?p1 ?p2 ?p3))
                        else (bind ?sum ?s3) (bind ?order (create$ ?p1 ?p3 ?p2))))
  (if (< (abs (- ?sum ?*PI*)) 0.001) then (bind ?type tee)
   else (if (> ?sum ?*PI*) then (bind ?type fork) else (bind ?type arrow)))
  (create$ ?type ?order))

(defrule reverse_edges
  (stage (value duplicate))
  ?line <- (line (p1 ?p1) (p2 ?p2))
  =>
  (assert (edge (p1 ?p1) (p2 ?p2) (joined false)))
  (assert (edge (p1 ?p2) (p2 ?p1) (joined false)))
  (retract ?line))

(defrule done_reversing
  ?stage <- (stage (value duplicate))
  (not (line))
  =>
  (modify ?stage (value detect_junctions)))

(defrule make-3_junction
  (declare (salience 10))
  (stage (value detect_junctions))
  ?e1 <- (edge (p1 ?base) (p2 ?p1) (joined false))
  ?e2 <- (edge (p1 ?base) (p2 ?p2&~?p1) (joined false))
  ?e3 <- (edge (p1 ?base) (p2 ?p3&~?p1&~?p2) (joined false))
  =>
  (bind ?j (classify ?base ?p1 ?p2 ?p3))
  (assert (junction (type (nth$ 1 ?j)) (base_point ?base) (p1 (nth$ 2 ?j)) (p2 (nth$ 3 ?j)) (p3 (nth$ 4 ?j))))
  (modify ?e1 (joined true))
  (modify ?e2 (joined true))
  (modify ?e3 (joined true)))

(defrule make_L
  (stage (value detect_junctions))
  ?e1 <- (edge (p1 ?base) (p2 ?p2) (joined false))
  ?e2 <- (edge (p1 ?base) (p2 ?p3&~?p2) (joined false))
  (not (edge (p1 ?base) (p2 ~?p2&~?p3)))
  =>
  (assert (junction (type L) (base_point ?base) (p1 ?p2) (p2 ?p3)))
  (modify ?e1 (joined true))
  (modify ?e2 (joined true)))

(defrule done_detecting
  ?stage <- (stage (value detect_junctions))
  =>
  (modify ?stage (value find_initial_boundary)))

(defrule initial_boundary_junction_L
  ?stage <- (stage (value find_initial_boundary))
  (junction (type L) (base_point ?base) (p1 ?p1) (p2 ?p2))
  ?e1 <- (edge (p1 ?base) (p2 ?p1))
  ?e2 <- (edge (p1 ?base) (p2 ?p2))
  (not (junction (base_point ?other&:(> ?other ?base))))
  =>
  (modify ?e1 (label B))
  (modify ?e2 (label B))
  (modify ?stage (value find_second_boundary)))

(defrule initial_boundary_junction_arrow
  ?stage <- (stage (value find_initial_boundary))
  (junction (type arrow) (base_point ?base) (p1 ?p1) (p2 ?p2) (p3 ?p3))
  ?e1 <- (edge (p1 ?base) (p2 ?p1))
  ?e2 <- (edge (p1 ?base) (p2 ?p2))
  ?e3 <- (edge (p1 ?base) (p2 ?p3))
  (not (junction (base_point ?other&:(> ?other ?base))))
  =>
  (modify ?e1 (label B))
  (modify ?e2 (label +))
  (modify ?e3 (label B))
  (modify ?stage (value find_second_boundary)))

(defrule second_boundary_junction_L
  ?stage <- (stage (value find_second_boundary))
  (junction (type L) (base_point ?base) (p1 ?p1) (p2 ?p2))
  ?e1 <- (edge (p1 ?base) (p2 ?p1))
  ?e2 <- (edge (p1 ?base) (p2 ?p2))
  (not (junction (base_point ?other&:(< ?other ?base))))
  =>
  (modify ?e1 (label B))
  (modify ?e2 (label B))
  (modify ?stage (value labeling)))

(defrule second_boundary_junction_arrow
  ?stage <- (stage (value find_second_boundary))
  (junction (type arrow) (base_point ?base) (p1 ?p1) (p2 ?p2) (p3 ?p3))
  ?e1 <- (edge (p1 ?base) (p2 ?p1))
  ?e2 <- (edge (p1 ?base) (p2 ?p2))
  ?e3 <- (edge (p1 ?base) (p2 ?p3))
  (not (junction (base_point ?other&:(< ?other ?base))))
  =>
  (modify ?e1 (label B))
  (modify ?e2 (label +))
  (modify ?e3 (label B))
  (modify ?stage (value labeling)))

(defrule match_edge
  (stage (value labeling))
  ?e1 <- (edge (p1 ?p1) (p2 ?p2) (label ?label&+|-|B))
  ?e2 <- (edge (p1 ?p2) (p2 ?p1) (label nil))
  =>
  (modify ?e1 (plotted t))
  (modify ?e2 (label ?label) (plotted t)))

(defrule label_L
  (stage (value labeling))
  (junction (type L) (base_point ?base))
  (edge (p1 ?base) (p2 ?p1) (label +|-))
  ?e <- (edge (p1 ?base) (p2 ~?p1) (label nil))
  =>
  (modify ?e (label B)))

(defrule label_tee_A
  (declare (salience 5))
  (stage (value labeling))
  (junction (type tee) (base_point ?base) (p1 ?p1) (p3 ?p3))
  ?e1 <- (edge (p1 ?base) (p2 ?p1) (label nil))
  ?e3 <- (edge (p1 ?base) (p2 ?p3))
  =>
  (modify ?e1 (label B))
  (modify ?e3 (label B)))

(defrule label_tee_B
  (stage (value labeling))
  (junction (type tee) (base_point ?base) (p1 ?p1) (p3 ?p3))
  ?e1 <- (edge (p1 ?base) (p2 ?p1))
  ?e3 <- (edge (p1 ?base) (p2 ?p3) (label nil))
  =>
  (modify ?e1 (label B))
  (modify ?e3 (label B)))

(defrule label_fork-1
  (stage (value labeling))
  (junction (type fork) (base_point ?base))
  (edge (p1 ?base) (p2 ?p1) (label +))
  ?e2 <- (edge (p1 ?base) (p2 ?p2&~?p1) (label nil))
  ?e3 <- (edge (p1 ?base) (p2 ~?p2&~?p1))
  =>
  (modify ?e2 (label +))
  (modify ?e3 (label +)))

(defrule label_fork-2
  (stage (value labeling))
  (junction (type fork) (base_point ?base))
  (edge (p1 ?base) (p2 ?p1) (label B))
  (edge (p1 ?base) (p2 ?p2&~?p1) (label -))
  ?e3 <- (edge (p1 ?base) (p2 ~?p2&~?p1) (label nil))
  =>
  (modify ?e3 (label B)))

(defrule label_fork-3
  (stage (value labeling))
  (junction (type fork) (base_point ?base))
  (edge (p1 ?base) (p2 ?p1) (label B))
  (edge (p1 ?base) (p2 ?p2&~?p1) (label B))
  ?e3 <- (edge (p1 ?base) (p2 ~?p2&~?p1) (label nil))
  =>
  (modify ?e3 (label -)))

(defrule label_fork-4
  (stage (value labeling))
  (junction (type fork) (base_point ?base))
  (edge (p1 ?base) (p2 ?p1) (label -))
  (edge (p1 ?base) (p2 ?p2&~?p1) (label -))
  ?e3 <- (edge (p1 ?base) (p2 ~?p2&~?p1) (label nil))
  =>
  (modify ?e3 (label -)))

(defrule label_arrow-1A
  (declare (salience 5))
  (stage (value labeling))
  (junction (type arrow) (base_point ?base) (p1 ?p1) (p2 ?p2) (p3 ?p3))
  (edge (p1 ?base) (p2 ?p1) (label ?label&B|-))
  ?e2 <- (edge (p1 ?base) (p2 ?p2) (label nil))
  ?e3 <- (edge (p1 ?base) (p2 ?p3))
  =>
  (modify ?e2 (label +))
  (modify ?e3 (label ?label)))

(defrule label_arrow-1B
  (stage (value labeling))
  (junction (type arrow) (base_point ?base) (p1 ?p1) (p2 ?p2) (p3 ?p3))
  (edge (p1 ?base) (p2 ?p1) (label ?label&B|-))
  ?e2 <- (edge (p1 ?base) (p2 ?p2))
  ?e3 <- (edge (p1 ?base) (p2 ?p3) (label nil))
  =>
  (modify ?e2 (label +))
  (modify ?e3 (label ?label)))

(defrule label_arrow-2A
  (declare (salience 5))
  (stage (value labeling))
  (junction (type arrow) (base_point ?base) (p1 ?p1) (p2 ?p2) (p3 ?p3))
  (edge (p1 ?base) (p2 ?p3) (label ?label&B|-))
  ?e2 <- (edge (p1 ?base) (p2 ?p2) (label nil))
  ?e1 <- (edge (p1 ?base) (p2 ?p1))
  =>
  (modify ?e2 (label +))
  (modify ?e1 (label ?label)))

(defrule label_arrow-2B
  (stage (value labeling))
  (junction (type arrow) (base_point ?base) (p1 ?p1) (p2 ?p2) (p3 ?p3))
  (edge (p1 ?base) (p2 ?p3) (label ?label&B|-))
  ?e2 <- (edge (p1 ?base) (p2 ?p2))
  ?e1 <- (edge (p1 ?base) (p2 ?p1) (label nil))
  =>
  (modify ?e2 (label +))
  (modify ?e1 (label ?label)))

(defrule label_arrow-3A
  (declare (salience 5))
  (stage (value labeling))
  (junction (type arrow) (base_point ?base) (p1 ?p1) (p2 ?p2) (p3 ?p3))
  (edge (p1 ?base) (p2 ?p1) (label +))
  ?e2 <- (edge (p1 ?base) (p2 ?p2) (label nil))
  ?e3 <- (edge (p1 ?base) (p2 ?p3))
  =>
  (modify ?e2 (label -))
  (modify ?e3 (label +)))

(defrule label_arrow-3B
  (stage (value labeling))
  (junction (type arrow) (base_point ?base) (p1 ?p1) (p2 ?p2) (p3 ?p3))
  (edge (p1 ?base) (p2 ?p1) (label +))
  ?e2 <- (edge (p1 ?base) (p2 ?p2))
  ?e3 <- (edge (p1 ?base) (p2 ?p3) (label nil))
  =>
  (modify ?e2 (label -))
  (modify ?e3 (label +)))

(defrule label_arrow-4A
  (declare (salience 5))
  (stage (value labeling))
  (junction (type arrow) (base_point ?base) (p1 ?p1) (p2 ?p2) (p3 ?p3))
  (edge (p1 ?base) (p2 ?p3) (label +))
  ?e2 <- (edge (p1 ?base) (p2 ?p2) (label nil))
  ?e1 <- (edge (p1 ?base) (p2 ?p1))
  =>
  (modify ?e2 (label -))
  (modify ?e1 (label +)))

(defrule label_arrow-4B
  (stage (value labeling))
  (junction (type arrow) (base_point ?base) (p1 ?p1) (p2 ?p2) (p3 ?p3))
  (edge (p1 ?base) (p2 ?p3) (label +))
  ?e2 <- (edge (p1 ?base) (p2 ?p2))
  ?e1 <- (edge (p1 ?base) (p2 ?p1) (label nil))
  =>
  (modify ?e2 (label -))
  (modify ?e1 (label +)))

(defrule label_arrow-5A
  (declare (salience 5))
  (stage (value labeling))
  (junction (type arrow) (base_point ?base) (p1 ?p1) (p2 ?p2) (p3 ?p3))
  (edge (p1 ?base) (p2 ?p2) (label -))
  ?e1 <- (edge (p1 ?base) (p2 ?p1))
  ?e3 <- (edge (p1 ?base) (p2 ?p3) (label nil))
  =>
  (modify ?e1 (label +))
  (modify ?e3 (label +)))

(defrule label_arrow-5B
  (stage (value labeling))
  (junction (type arrow) (base_point ?base) (p1 ?p1) (p2 ?p2) (p3 ?p3))
  (edge (p1 ?base) (p2 ?p2) (label -))
  ?e1 <- (edge (p1 ?base) (p2 ?p1) (label nil))
  ?e3 <- (edge (p1 ?base) (p2 ?p3))
  =>
  (modify ?e1 (label +))
  (modify ?e3 (label +)))

(defrule done_labeling
  ?stage <- (stage (value labeling))
  =>
  (modify ?stage (value plot_remaining)))

(defrule plot_remaining
  (stage (value plot_remaining))
  ?e <- (edge (plotted nil) (label ?label&~nil))
  =>
  (modify ?e (plotted t)))

(defrule plot_boundaries
  (stage (value plot_remaining))
  ?e <- (edge (plotted nil) (label nil))
  =>
  (modify ?e (plotted t)))

(defrule done_plotting
  ?stage <- (stage (value plot_remaining))
  (not (edge (plotted nil)))
  =>
  (modify ?stage (value done)))
