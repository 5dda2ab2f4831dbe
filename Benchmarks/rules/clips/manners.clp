;;; Miss Manners (the OPS5 benchmark) for CLIPS, written for this repository from the published
;;; description: seat guests so that neighbours alternate sex and share a hobby, by depth-first
;;; search with a path of seated guests per partial seating. Facts: ../../../shared/bench/rules/data.
;;; Run: clips -f run-manners.bat (see ../run.sh); prints "Yes, we are done!!" and "name seat" lines.

(deftemplate guest (slot name) (slot sex) (slot hobby))
(deftemplate last_seat (slot seat))
(deftemplate seating (slot seat1) (slot name1) (slot name2) (slot seat2) (slot id) (slot pid) (slot path_done))
(deftemplate context (slot state))
(deftemplate path (slot id) (slot name) (slot seat))
(deftemplate chosen (slot id) (slot name) (slot hobby))
(deftemplate count (slot c))

(defrule assign_first_seat
  ?context <- (context (state start))
  (guest (name ?name))
  ?count <- (count (c ?c))
  =>
  (assert (seating (seat1 1) (name1 ?name) (name2 ?name) (seat2 1) (id ?c) (pid 0) (path_done yes)))
  (assert (path (id ?c) (name ?name) (seat 1)))
  (modify ?count (c (+ ?c 1)))
  (modify ?context (state assign_seats)))

(defrule find_seating
  ?context <- (context (state assign_seats))
  (seating (seat2 ?seat2) (name2 ?left) (id ?id) (path_done yes))
  (guest (name ?left) (sex ?sex) (hobby ?hobby))
  (guest (name ?right) (sex ~?sex) (hobby ?hobby))
  ?count <- (count (c ?c))
  (not (path (id ?id) (name ?right)))
  (not (chosen (id ?id) (name ?right) (hobby ?hobby)))
  =>
  (assert (seating (seat1 ?seat2) (name1 ?left) (name2 ?right) (seat2 (+ ?seat2 1)) (id ?c) (pid ?id) (path_done no)))
  (assert (path (id ?c) (name ?right) (seat (+ ?seat2 1))))
  (assert (chosen (id ?id) (name ?right) (hobby ?hobby)))
  (modify ?count (c (+ ?c 1)))
  (modify ?context (state make_path)))

(defrule make_path
  (context (state make_path))
  (seating (id ?id) (pid ?pid) (path_done no))
  (path (id ?pid) (name ?name) (seat ?seat))
  (not (path (id ?id) (name ?name)))
  =>
  (assert (path (id ?id) (name ?name) (seat ?seat))))

(defrule path_done
  ?context <- (context (state make_path))
  ?seating <- (seating (path_done no))
  =>
  (modify ?seating (path_done yes))
  (modify ?context (state check_done)))

(defrule are_we_done
  ?context <- (context (state check_done))
  (last_seat (seat ?last))
  (seating (seat2 ?last))
  =>
  (printout t crlf "Yes, we are done!!" crlf)
  (modify ?context (state print_results)))

(defrule continue
  ?context <- (context (state check_done))
  =>
  (modify ?context (state assign_seats)))

(defrule print_results
  (context (state print_results))
  (seating (id ?id) (seat2 ?last))
  (last_seat (seat ?last))
  ?path <- (path (id ?id) (name ?name) (seat ?seat))
  =>
  (retract ?path)
  (printout t ?name " " ?seat crlf))

(defrule all_done
  (context (state print_results))
  =>
  (halt))
